import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Request } from 'autocannon'
import { prepareDatabase } from './bench-database.js'
import { rssMiB, startMasthead } from './processes.js'
import { machineInfo } from './report.js'
import { newTally, requestsFor, runLoad, type Fixture, type Tally, type WorkloadId } from './workloads.js'

/**
 * npm run bench -- --soak [--soak-minutes N] [--db postgres|pglite] [--articles N]
 *                         [--connections n] [--sample-seconds s] [--skip-build]
 *
 * A long run of mixed traffic against one Masthead process, watching its resident memory: a
 * leak shows as RSS that keeps climbing after the warm-up instead of levelling off. Prints RSS
 * at the start, the end and its maximum with a verdict, and writes the whole series to
 * bench/results/soak-<date>.json.
 */

const repoRoot = path.resolve(import.meta.dirname, '..')
const resultsDir = path.join(import.meta.dirname, 'results')

interface SoakOptions {
  minutes: number
  db: 'postgres' | 'pglite'
  articles: number
  connections: number
  sampleSeconds: number
  skipBuild: boolean
}

function soakOptions(args: string[]): SoakOptions {
  const { values } = parseArgs({
    args,
    options: {
      soak: { type: 'boolean', default: true },
      'soak-minutes': { type: 'string', default: '10' },
      db: { type: 'string', default: 'postgres' },
      // Its own data set by default (masthead_bench_<N>), apart from the 10 000 of the throughput runs.
      articles: { type: 'string', default: '5000' },
      // Steady traffic, not a saturation test: memory is watched, not throughput.
      connections: { type: 'string', default: '8' },
      'sample-seconds': { type: 'string', default: '5' },
      'skip-build': { type: 'boolean', default: false },
    },
  })
  const positive = (name: string, text: string) => {
    const value = Number(text)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`)
    return value
  }
  if (values.db !== 'postgres' && values.db !== 'pglite') throw new Error(`--db must be postgres or pglite, got "${values.db}"`)
  return {
    minutes: positive('soak-minutes', values['soak-minutes']),
    db: values.db,
    articles: Math.round(positive('articles', values.articles)),
    connections: Math.round(positive('connections', values.connections)),
    sampleSeconds: positive('sample-seconds', values['sample-seconds']),
    skipBuild: values['skip-build'],
  }
}

/**
 * One cycle per virtual client, 50 requests: 38 article pages (GraphQL) and 3 over REST, 4
 * latest lists, 3 searches, and an editor's version read plus save (the W5 editor step).
 */
function mixedCycle(fixture: Fixture, tally: Tally): Request[] {
  const steps = (id: WorkloadId, times: number): Request[] => Array.from({ length: times }, () => requestsFor(id, fixture, tally) ?? []).flat()
  const editorAndPages = requestsFor('W5', fixture, tally) ?? [] // 2 editor steps + 38 page reads
  return [...editorAndPages, ...steps('W1r', 3), ...steps('W2', 4), ...steps('W3', 3)]
}

interface Sample {
  seconds: number
  rssMiB: number
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopePerMinute(samples: Sample[]): number {
  if (samples.length < 2) return 0
  const n = samples.length
  const meanT = samples.reduce((sum, s) => sum + s.seconds, 0) / n
  const meanR = samples.reduce((sum, s) => sum + s.rssMiB, 0) / n
  const num = samples.reduce((sum, s) => sum + (s.seconds - meanT) * (s.rssMiB - meanR), 0)
  const den = samples.reduce((sum, s) => sum + (s.seconds - meanT) ** 2, 0)
  return den === 0 ? 0 : (num / den) * 60
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)

/**
 * The first quarter is warm-up (JIT, pools, caches filling up); after it, a healthy process
 * levels off. Growing: the last quarter's mean RSS is more than 10% and 32 MiB above the
 * second quarter's, or the post-warm-up trend would add more than 10% per hour.
 */
export function soakVerdict(samples: Sample[]): { verdict: 'steady' | 'growing'; growthMiB: number; growthPercent: number; slopeMiBPerMinute: number } {
  const quarter = Math.max(1, Math.floor(samples.length / 4))
  const settled = samples.slice(quarter)
  const second = mean(samples.slice(quarter, 2 * quarter).map((s) => s.rssMiB))
  const last = mean(samples.slice(-quarter).map((s) => s.rssMiB))
  const growthMiB = last - second
  const growthPercent = second === 0 ? 0 : (100 * growthMiB) / second
  const slope = slopePerMinute(settled)
  const growing = (growthPercent > 10 && growthMiB > 32) || (second > 0 && (slope * 60) / second > 0.1)
  return { verdict: growing ? 'growing' : 'steady', growthMiB, growthPercent, slopeMiBPerMinute: slope }
}


export async function runSoak(args: string[]): Promise<void> {
  const opts = soakOptions(args)
  if (!opts.skipBuild) {
    console.error('building Masthead (npm run build)...')
    if (spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] }).status !== 0) throw new Error('npm run build failed')
  }
  const prepared = await prepareDatabase(opts.db, opts.articles, true)
  const fixture: Fixture = { liveSlugs: prepared.liveSlugs, liveIds: prepared.liveIds, editorToken: prepared.editorToken }
  const startedAt = new Date()
  // As in production: response cache on (its memory is bounded, and a soak should prove it).
  const masthead = await startMasthead(prepared, { responseCache: true })
  const samples: Sample[] = []
  const tally = newTally()
  try {
    console.error(`soak: ${opts.minutes} min of mixed load, ${opts.connections} connections, RSS every ${opts.sampleSeconds} s (pid ${masthead.pid})`)
    const began = performance.now()
    const sample = () => {
      const rss = rssMiB(masthead.pid)
      if (rss !== null) samples.push({ seconds: Math.round((performance.now() - began) / 100) / 10, rssMiB: Math.round(rss * 10) / 10 })
    }
    sample()
    const timer = setInterval(() => {
      sample()
      const latest = samples.at(-1)
      if (latest && samples.length % 12 === 0) console.error(`  ${Math.round(latest.seconds)} s: RSS ${latest.rssMiB.toFixed(1)} MiB, ${tally.responses} responses`)
    }, opts.sampleSeconds * 1000)
    let result
    try {
      result = await runLoad(masthead.base, mixedCycle(fixture, tally), tally, { connections: opts.connections, duration: Math.round(opts.minutes * 60) })
    } finally {
      clearInterval(timer)
    }
    sample()

    const rss = samples.map((s) => s.rssMiB)
    const summary = {
      rssStartMiB: rss[0] ?? null,
      rssEndMiB: rss.at(-1) ?? null,
      rssMaxMiB: rss.length > 0 ? Math.max(...rss) : null,
      ...soakVerdict(samples),
      requests: result.requests,
      requestsPerSecond: result.requestsPerSecond,
      p50Ms: result.p50,
      p99Ms: result.p99,
      errors: result.errors,
      conflicts: result.conflicts,
      saves: result.updates,
    }
    mkdirSync(resultsDir, { recursive: true })
    const file = path.join(resultsDir, `soak-${startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`)
    writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine: machineInfo(), options: { ...opts, articles: prepared.liveSlugs.length }, summary, samples }, null, 2)}\n`)
    const mib = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} MiB`)
    process.stdout.write(
      [
        `Soak: ${opts.minutes} min, ${opts.db}, ${result.requests} requests (${result.requestsPerSecond.toFixed(0)}/s, p99 ${result.p99} ms), ${result.errors} errors, ${result.updates} saves`,
        `RSS start ${mib(summary.rssStartMiB)}, end ${mib(summary.rssEndMiB)}, max ${mib(summary.rssMaxMiB)}`,
        `Verdict: ${summary.verdict} (last quarter vs second quarter ${summary.growthMiB >= 0 ? '+' : ''}${summary.growthMiB.toFixed(1)} MiB, ${summary.growthPercent.toFixed(1)}%; trend after warm-up ${summary.slopeMiBPerMinute.toFixed(2)} MiB/min)`,
        ...(opts.minutes < 5 ? ['(A short run is mostly warm-up: JIT, pools and the response cache, up to RESPONSE_CACHE_MAX_MB, are still filling; judge growth on a 10-minute run.)'] : []),
        `Series: ${file}`,
        '',
      ].join('\n'),
    )
  } finally {
    await masthead.stop()
  }
}

import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Request } from 'autocannon'
import { prepareDatabase } from './bench-database.js'
import { rssMiB, startMasthead } from './processes.js'
import { machineInfo } from './report.js'
import { soakVerdict, WARM_UP_SHARE, type Sample } from './soak-verdict.js'
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
        `Verdict: ${summary.verdict} (after ${Math.round(opts.minutes * WARM_UP_SHARE * 10) / 10} min of warm-up: last quarter vs first ${summary.growthMiB >= 0 ? '+' : ''}${summary.growthMiB.toFixed(1)} MiB, ${summary.growthPercent.toFixed(1)}%; trend after warm-up ${summary.slopeMiBPerMinute.toFixed(2)} MiB/min)`,
        ...(opts.minutes < 5 ? ['(A short run is mostly warm-up: JIT, pools, V8\'s heap limits and the response cache, up to RESPONSE_CACHE_MAX_MB, are still settling; judge growth on a 10-minute run.)'] : []),
        `Series: ${file}`,
        '',
      ].join('\n'),
    )
  } finally {
    await masthead.stop()
  }
}

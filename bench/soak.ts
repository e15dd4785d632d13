import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Request } from 'autocannon'
import { prepareDatabase } from './bench-database.js'
import type { MemorySample } from '../src/plugins/memory-log-plugin.js'
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
 * bench/results/soak-<date>.json. The server also reports its own memory (MEMORY_LOG_INTERVAL_MS):
 * heap used, external memory and the response cache's size, judged the same way, so a leak in
 * JavaScript objects or buffers can be told from V8 growing its heap to its working size.
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
  /** From the server's latest memory log line (MEMORY_LOG_INTERVAL_MS), when one has come. */
  heapUsedMiB?: number
  /** Heap used after the latest full collection: the live set. */
  liveHeapMiB?: number
  heapTotalMiB?: number
  /** What V8 reserved for the young generation and for long-lived objects (part of heap total). */
  newSpaceMiB?: number
  oldSpaceMiB?: number
  externalMiB?: number
  arrayBuffersMiB?: number
  cacheEntries?: number
  cacheMiB?: number
}

type MemoryFigures = Omit<Sample, 'seconds' | 'rssMiB'>

const toMiB = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10

/** The figures of a `memory` log line of the server (src/plugins/memory-log-plugin.ts), if it is one. */
function memoryFigures(line: string): MemoryFigures | null {
  if (!line.includes('"msg":"memory"')) return null
  try {
    const { memory: m } = JSON.parse(line) as { memory?: MemorySample }
    if (m === undefined) return null
    return {
      heapUsedMiB: toMiB(m.heapUsed),
      ...(m.heapAfterFullGc === null ? {} : { liveHeapMiB: toMiB(m.heapAfterFullGc) }),
      heapTotalMiB: toMiB(m.heapTotal),
      ...(m.heapSpaces.new_space === undefined ? {} : { newSpaceMiB: toMiB(m.heapSpaces.new_space) }),
      ...(m.heapSpaces.old_space === undefined ? {} : { oldSpaceMiB: toMiB(m.heapSpaces.old_space) }),
      externalMiB: toMiB(m.external),
      arrayBuffersMiB: toMiB(m.arrayBuffers),
      ...(m.responseCache === null ? {} : { cacheEntries: m.responseCache.entries, cacheMiB: toMiB(m.responseCache.bytes) }),
    }
  } catch {
    return null
  }
}

interface Point {
  seconds: number
  value: number
}

/** Least-squares slope of a series over time, per minute. */
function slopePerMinute(points: Point[]): number {
  if (points.length < 2) return 0
  const n = points.length
  const meanT = points.reduce((sum, p) => sum + p.seconds, 0) / n
  const meanV = points.reduce((sum, p) => sum + p.value, 0) / n
  const num = points.reduce((sum, p) => sum + (p.seconds - meanT) * (p.value - meanV), 0)
  const den = points.reduce((sum, p) => sum + (p.seconds - meanT) ** 2, 0)
  return den === 0 ? 0 : (num / den) * 60
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)

export interface Verdict {
  verdict: 'steady' | 'growing'
  growthMiB: number
  growthPercent: number
  slopeMiBPerMinute: number
}

/**
 * The first third is warm-up (JIT, pools, caches filling up, V8 growing its heap to its working
 * size); after it, a healthy process levels off. A third, not a quarter: on this machine, at
 * about 150 requests a second, V8 took 4 to 5 minutes to grow heapTotal from 87 to its ~165 MiB
 * working size while the live heap stayed at 40 MiB (bench/results/soak-2026-12-02T20-31-32Z.json:
 * RSS 122 → 258 MiB by 260 s, then 245–268 MiB to the end), and the trend of a quarter-long
 * warm-up still caught the end of that climb. Growing: the last quarter's mean is more than 10%
 * and 32 MiB above the mean of the quarter after warm-up, or the post-warm-up trend would add more
 * than 10% per hour. The same test judges RSS (the verdict) and the figures the server reports.
 */
export const WARMUP_FRACTION = 1 / 3

export function soakVerdict(points: Point[]): Verdict {
  const quarter = Math.max(1, Math.floor(points.length / 4))
  const warmup = Math.floor(points.length * WARMUP_FRACTION)
  const settled = points.slice(warmup)
  const reference = mean(points.slice(warmup, warmup + quarter).map((p) => p.value))
  const last = mean(points.slice(-quarter).map((p) => p.value))
  const growthMiB = last - reference
  const growthPercent = reference === 0 ? 0 : (100 * growthMiB) / reference
  const slope = slopePerMinute(settled)
  const growing = (growthPercent > 10 && growthMiB > 32) || (reference > 0 && (slope * 60) / reference > 0.1)
  return { verdict: growing ? 'growing' : 'steady', growthMiB, growthPercent, slopeMiBPerMinute: slope }
}

/**
 * Where growing RSS comes from, judged by absolute growth after warm-up (a few MiB of a small
 * series is noise, e.g. the response cache's contents in the live heap): JavaScript objects that
 * stay live, buffers outside the heap, or neither — V8 or the allocator sizing itself.
 */
function diagnosis(verdict: Verdict, liveHeap: Verdict | null, external: Verdict | null): string {
  if (verdict.verdict === 'steady') return 'steady'
  const grew = (v: Verdict | null) => v !== null && v.growthMiB > 8 && v.growthPercent > 10
  if (grew(liveHeap)) return `growing: the live heap grew ${liveHeap?.growthMiB.toFixed(1)} MiB (JavaScript objects kept: a leak)`
  if (grew(external)) return `growing: external memory grew ${external?.growthMiB.toFixed(1)} MiB (buffers kept)`
  if (liveHeap === null) return 'growing (the server reported no heap figures to say where)'
  return 'growing in RSS only: live heap and external memory are flat (V8 or the allocator sizing itself, not kept objects)'
}

/** One figure of every sample that has it, as a series. */
function seriesOf(samples: Sample[], figure: 'rssMiB' | 'heapUsedMiB' | 'liveHeapMiB' | 'heapTotalMiB' | 'externalMiB'): Point[] {
  return samples.flatMap((s) => (s[figure] === undefined ? [] : [{ seconds: s.seconds, value: s[figure] }]))
}

function range(points: Point[]): { startMiB: number | null; endMiB: number | null; maxMiB: number | null } {
  return { startMiB: points[0]?.value ?? null, endMiB: points.at(-1)?.value ?? null, maxMiB: points.length > 0 ? Math.max(...points.map((p) => p.value)) : null }
}


const judged = (v: Verdict) =>
  `last quarter vs the quarter after warm-up ${v.growthMiB >= 0 ? '+' : ''}${v.growthMiB.toFixed(1)} MiB, ${v.growthPercent.toFixed(1)}%; trend after warm-up ${v.slopeMiBPerMinute.toFixed(2)} MiB/min`
const mib = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} MiB`)
const figureLine = (label: string, figure: (ReturnType<typeof range> & Verdict) | null): string[] =>
  figure === null ? [] : [`${label} start ${mib(figure.startMiB)}, end ${mib(figure.endMiB)}, max ${mib(figure.maxMiB)}: ${figure.verdict} (${judged(figure)})`]

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
  let reported: MemoryFigures = {}
  const masthead = await startMasthead(prepared, {
    responseCache: true,
    memoryLogMs: opts.sampleSeconds * 1000,
    onLine: (line) => { reported = memoryFigures(line) ?? reported },
  })
  const samples: Sample[] = []
  const tally = newTally()
  try {
    console.error(`soak: ${opts.minutes} min of mixed load, ${opts.connections} connections, RSS every ${opts.sampleSeconds} s (pid ${masthead.pid})`)
    const began = performance.now()
    const sample = () => {
      const rss = rssMiB(masthead.pid)
      if (rss !== null) samples.push({ seconds: Math.round((performance.now() - began) / 100) / 10, rssMiB: Math.round(rss * 10) / 10, ...reported })
    }
    sample()
    const timer = setInterval(() => {
      sample()
      const latest = samples.at(-1)
      if (latest && samples.length % 12 === 0) console.error(`  ${Math.round(latest.seconds)} s: RSS ${latest.rssMiB.toFixed(1)} MiB, heap used ${latest.heapUsedMiB ?? '?'} of ${latest.heapTotalMiB ?? '?'} MiB (live ${latest.liveHeapMiB ?? '?'}), external ${latest.externalMiB ?? '?'} MiB, cache ${latest.cacheEntries ?? '?'} entries ${latest.cacheMiB ?? '?'} MiB, ${tally.responses} responses`)
    }, opts.sampleSeconds * 1000)
    let result
    try {
      result = await runLoad(masthead.base, mixedCycle(fixture, tally), tally, { connections: opts.connections, duration: Math.round(opts.minutes * 60) })
    } finally {
      clearInterval(timer)
    }
    sample()

    const rss = seriesOf(samples, 'rssMiB')
    const rssRange = range(rss)
    const heap = seriesOf(samples, 'heapUsedMiB')
    const liveHeap = seriesOf(samples, 'liveHeapMiB')
    const heapTotal = seriesOf(samples, 'heapTotalMiB')
    const external = seriesOf(samples, 'externalMiB')
    const summary = {
      rssStartMiB: rssRange.startMiB,
      rssEndMiB: rssRange.endMiB,
      rssMaxMiB: rssRange.maxMiB,
      ...soakVerdict(rss),
      warmupFraction: WARMUP_FRACTION,
      // Where RSS goes: JavaScript objects (heap used) and buffers outside the heap (external).
      heapUsed: heap.length > 0 ? { ...range(heap), ...soakVerdict(heap) } : null,
      // The live set (after full collections) and what V8 reserved for the heap around it.
      liveHeap: liveHeap.length > 0 ? { ...range(liveHeap), ...soakVerdict(liveHeap) } : null,
      heapTotal: heapTotal.length > 0 ? { ...range(heapTotal), ...soakVerdict(heapTotal) } : null,
      external: external.length > 0 ? { ...range(external), ...soakVerdict(external) } : null,
      requests: result.requests,
      requestsPerSecond: result.requestsPerSecond,
      p50Ms: result.p50,
      p99Ms: result.p99,
      errors: result.errors,
      conflicts: result.conflicts,
      saves: result.updates,
    }
    const reason = diagnosis(summary, summary.liveHeap, summary.external)
    mkdirSync(resultsDir, { recursive: true })
    const file = path.join(resultsDir, `soak-${startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`)
    writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine: machineInfo(), options: { ...opts, articles: prepared.liveSlugs.length }, summary: { ...summary, diagnosis: reason }, samples }, null, 2)}\n`)
    process.stdout.write(
      [
        `Soak: ${opts.minutes} min, ${opts.db}, ${result.requests} requests (${result.requestsPerSecond.toFixed(0)}/s, p99 ${result.p99} ms), ${result.errors} errors, ${result.updates} saves`,
        `RSS start ${mib(summary.rssStartMiB)}, end ${mib(summary.rssEndMiB)}, max ${mib(summary.rssMaxMiB)}`,
        `Verdict: ${summary.verdict} (${judged(summary)}) — ${reason}`,
        ...figureLine('Heap used', summary.heapUsed),
        ...figureLine('Live heap (after full GC)', summary.liveHeap),
        ...figureLine('Heap total', summary.heapTotal),
        ...figureLine('External', summary.external),
        ...(opts.minutes < 5 ? ['(A short run is mostly warm-up: JIT, pools and the response cache, up to RESPONSE_CACHE_MAX_MB, are still filling; judge growth on a 10-minute run.)'] : []),
        `Series: ${file}`,
        '',
      ].join('\n'),
    )
  } finally {
    await masthead.stop()
  }
}

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { prepareDatabase, settleDatabase, type DbKind } from './bench-database.js'
import { ceilingRequests, saveCeilingRequests, startCeiling } from './ceilings.js'
import { rssMiB, startMasthead, type ServerProcess } from './processes.js'
import { machineInfo, toMarkdown, writeReport, type BenchReport, type Row } from './report.js'
import { startStatementProxy } from './statement-proxy.js'
import { runSoak } from './soak.js'
import type { Request } from 'autocannon'
import { ARTICLE_PAGE_QUERY, cachedWorkloads, newTally, requestsFor, runLoad, workloadIds, workloadTitles, type Fixture, type LoadResult, type Tally, type WorkloadId } from './workloads.js'

/**
 * npm run bench -- [--articles N] [--db postgres|pglite] [--duration s] [--connections n]
 *                  [--workloads W1,W2,...] [--reuse] [--skip-build]
 *
 * Generates (or reuses) the data set, builds and starts Masthead in its own process, drives
 * each workload with autocannon after a warm-up, measures the two ceilings on the same data,
 * counts SQL statements per request in a separate pass, and writes the report.
 */

const repoRoot = path.resolve(import.meta.dirname, '..')
const CEILING_PAGES = 20
const COUNT_PASS_REQUESTS = 60
// After a ceiling's own run: short alternating runs of the workload and its ceiling, each ratio
// comparing two runs seconds apart. Their spread shows how much of a ratio is the machine.
const PAIRED_ROUNDS = 3
const PAIRED_ROUND_SECONDS = 5
const PAIRED_WARMUP_SECONDS = 1

interface Options {
  articles: number
  db: DbKind
  duration: number
  connections: number
  workloads: WorkloadId[]
  reuse: boolean
  skipBuild: boolean
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '10000' },
      db: { type: 'string', default: 'postgres' },
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '32' },
      workloads: { type: 'string', default: workloadIds.join(',') },
      reuse: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
    },
  })
  const positive = (name: string, text: string) => {
    const value = Number(text)
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`)
    return value
  }
  if (values.db !== 'postgres' && values.db !== 'pglite') throw new Error(`--db must be postgres or pglite, got "${values.db}"`)
  const workloads = values.workloads.split(',').map((w) => w.trim())
  const unknown = workloads.filter((w) => !(workloadIds as readonly string[]).includes(w))
  if (unknown.length > 0) throw new Error(`unknown workloads: ${unknown.join(', ')} (known: ${workloadIds.join(', ')})`)
  return {
    articles: positive('articles', values.articles),
    db: values.db,
    duration: positive('duration', values.duration),
    connections: positive('connections', values.connections),
    workloads: workloads as WorkloadId[],
    reuse: values.reuse,
    skipBuild: values['skip-build'],
  }
}

function build(): void {
  console.error('building Masthead (npm run build)...')
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) throw new Error('npm run build failed')
}

function row(id: string, title: string, result: LoadResult | null, rss: number | null, note: string): Row {
  return {
    id,
    title,
    requestsPerSecond: result?.requestsPerSecond ?? null,
    p50Ms: result?.p50 ?? null,
    p99Ms: result?.p99 ?? null,
    errors: result?.errors ?? null,
    conflicts: result === null ? null : result.conflicts,
    statementsPerRequest: null,
    rssMiB: rss,
    note,
  }
}

/** Warm-up (discarded), then the measured run. */
async function measure(base: string, make: (tally: Tally) => Request[], opts: Options, warmup: number): Promise<LoadResult> {
  const warm = newTally()
  await runLoad(base, make(warm), warm, { connections: opts.connections, duration: warmup })
  const tally = newTally()
  return runLoad(base, make(tally), tally, { connections: opts.connections, duration: opts.duration })
}

/** The workload a ceiling is compared with: where it runs and what it sends. */
interface Pairing {
  base: string
  make: (tally: Tally) => Request[]
  /** What is compared: requests/s unless said (W4 compares its saves, not its version reads). */
  rate?: (result: LoadResult) => number
}

const savesPerSecond = (result: LoadResult) => result.updates / result.seconds

type PairKey = 'W1/C2' | 'W1w/C1' | 'W4/C3'

/** Workload-to-ceiling throughput ratios of PAIRED_ROUNDS alternating short runs (both servers warm). */
async function pairedRatios(workload: Pairing, ceiling: Pairing, opts: Options): Promise<number[]> {
  // A second of warm-up each time: a server idle while the other ran starts slow.
  const rateOfRun = async (side: Pairing): Promise<number> => {
    const warm = newTally()
    await runLoad(side.base, side.make(warm), warm, { connections: opts.connections, duration: PAIRED_WARMUP_SECONDS })
    const tally = newTally()
    const result = await runLoad(side.base, side.make(tally), tally, { connections: opts.connections, duration: PAIRED_ROUND_SECONDS })
    return side.rate ? side.rate(result) : result.requestsPerSecond
  }
  const ratios: number[] = []
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    const workloadRate = await rateOfRun(workload)
    ratios.push(workloadRate / await rateOfRun(ceiling))
  }
  return ratios
}

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** The page JSON of a few articles, exactly as Masthead answers it, for the memory ceiling. */
async function fetchPages(base: string, slugs: readonly string[]): Promise<Record<string, unknown>> {
  const pages: Record<string, unknown> = {}
  for (const slug of slugs) {
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ARTICLE_PAGE_QUERY, variables: { slug } }) })
    const body = (await response.json()) as { errors?: unknown }
    if (!response.ok || body.errors !== undefined) throw new Error(`articlePage(${slug}) failed: ${JSON.stringify(body).slice(0, 500)}`)
    pages[slug] = body
  }
  return pages
}

async function main(): Promise<void> {
  // --soak is a run of its own (bench/soak.ts): long mixed load, watching the server's memory.
  if (process.argv.includes('--soak')) return runSoak(process.argv.slice(2))
  const opts = options()
  const startedAt = new Date().toISOString()
  const warmup = Math.min(3, opts.duration)
  const notes: string[] = []
  if (!opts.skipBuild) build()

  const prepared = await prepareDatabase(opts.db, opts.articles, opts.reuse)
  const fixture: Fixture = { liveSlugs: prepared.liveSlugs, liveIds: prepared.liveIds, editorToken: prepared.editorToken }
  const workloadRows: Row[] = []
  const ceilingRows: Row[] = []
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'))
  const servers: ServerProcess[] = []
  const paired = new Map<PairKey, number[]>()
  let w4Saves: number | null = null

  try {
    // Timed runs: Masthead alone, straight on the database; restarted when the cache mode changes.
    let masthead = await startMasthead(prepared)
    let cacheOn = false
    servers.push(masthead)
    console.error(`Masthead up at ${masthead.base} (pid ${masthead.pid})`)
    const sampleSlugs = prepared.liveSlugs.slice(0, CEILING_PAGES)
    const pagesFile = path.join(tmp, 'pages.json')
    writeFileSync(pagesFile, JSON.stringify(await fetchPages(masthead.base, sampleSlugs)))

    /** The paired rounds of a workload that ran with the current cache mode, against a ceiling that is up. */
    const pairAfterCeiling = async (key: PairKey, id: WorkloadId, ceiling: Pairing, rate?: Pairing['rate']) => {
      if (cachedWorkloads.has(id) !== cacheOn || !opts.workloads.includes(id)) return
      console.error(`${key}: ${PAIRED_ROUNDS} paired rounds of ${PAIRED_ROUND_SECONDS} s each...`)
      const workload: Pairing = { base: masthead.base, make: (tally) => requestsFor(id, fixture, tally) ?? [], ...(rate ? { rate } : {}) }
      paired.set(key, await pairedRatios(workload, ceiling, opts))
    }
    const memoryCeilingRow = async (): Promise<Row> => {
      const memory = await startCeiling('memory', pagesFile)
      servers.push(memory)
      console.error(`ceiling memory: ${warmup} s warm-up + ${opts.duration} s...`)
      const memoryResult = await measure(memory.base, (tally) => ceilingRequests(sampleSlugs, tally), opts, warmup)
      const memoryRow = row('C1', 'C1 page JSON from memory (bare Fastify)', memoryResult, rssMiB(memory.pid), `${CEILING_PAGES} pages as Masthead rendered them`)
      await pairAfterCeiling('W1w/C1', 'W1w', { base: memory.base, make: (tally) => ceilingRequests(sampleSlugs, tally) })
      await memory.stop()
      return memoryRow
    }
    /** A ceiling on the PostgreSQL server (PGlite has no pool to share), then its paired rounds. */
    const postgresCeilingRow = async (spec: {
      kind: 'sql' | 'save'
      id: 'C2' | 'C3'
      title: string
      note: string
      statements: number
      requests: (tally: Tally) => Request[]
      pairWith: { id: WorkloadId; key: PairKey; rate?: Pairing['rate'] }
    }): Promise<Row> => {
      if (prepared.url === null) return row(spec.id, spec.title, null, null, 'PostgreSQL only (pg Pool); skipped on PGlite')
      await settleDatabase(prepared)
      const ceiling = await startCeiling(spec.kind, prepared.url)
      servers.push(ceiling)
      console.error(`ceiling ${spec.kind}: ${warmup} s warm-up + ${opts.duration} s...`)
      const result = await measure(ceiling.base, spec.requests, opts, warmup)
      const ceilingRow = row(spec.id, spec.title, result, rssMiB(ceiling.pid), spec.note)
      ceilingRow.statementsPerRequest = spec.statements
      await pairAfterCeiling(spec.pairWith.key, spec.pairWith.id, { base: ceiling.base, make: spec.requests }, spec.pairWith.rate)
      await ceiling.stop()
      return ceilingRow
    }
    const sqlCeilingRow = () => postgresCeilingRow({
      kind: 'sql', id: 'C2', title: 'C2 one json_build_object query (pg prepared, bare Fastify)', note: 'body as Portable Text, no HTML rendering', statements: 1,
      requests: (tally) => ceilingRequests(prepared.liveSlugs, tally), pairWith: { id: 'W1', key: 'W1/C2' },
    })
    const saveCeilingRow = () => postgresCeilingRow({
      kind: 'save', id: 'C3', title: 'C3 minimal save: lock, update, revision (pg prepared, bare Fastify)', note: 'no token, version check, validation, audit, webhook event or purge', statements: 5,
      requests: (tally) => saveCeilingRequests(prepared.liveIds, tally), pairWith: { id: 'W4', key: 'W4/C3', rate: savesPerSecond },
    })

    // Each ceiling is measured right after the workload it is compared with (C2 after W1, C1
    // after W1w): this machine's speed drifts by a quarter over minutes, and a ratio of two runs
    // taken minutes apart measured the drift as much as the code. The idle Masthead stays up.
    const ceilings = new Map<WorkloadId, () => Promise<void>>([
      ['W1', async () => { ceilingRows.push(await sqlCeilingRow()) }],
      ['W1w', async () => { ceilingRows.push(await memoryCeilingRow()) }],
      ['W4', async () => { ceilingRows.push(await saveCeilingRow()) }],
    ])
    for (const id of opts.workloads) {
      if (cachedWorkloads.has(id) !== cacheOn) {
        await masthead.stop()
        cacheOn = cachedWorkloads.has(id)
        masthead = await startMasthead(prepared, { responseCache: cacheOn })
        servers.push(masthead)
        console.error(`Masthead restarted with the response cache ${cacheOn ? 'on' : 'off'}`)
      }
      if (requestsFor(id, fixture, newTally()) === null) {
        workloadRows.push(row(id, workloadTitles[id], null, null, 'cannot run'))
        continue
      }
      await settleDatabase(prepared)
      console.error(`${workloadTitles[id]}: ${warmup} s warm-up + ${opts.duration} s...`)
      const result = await measure(masthead.base, (tally) => requestsFor(id, fixture, tally) ?? [], opts, warmup)
      const note =
        id === 'W1w' ? `warm-up visits the hot set; ${(100 * result.cacheHits / Math.max(1, result.requests)).toFixed(0)}% of measured requests were cache hits`
        : id === 'W4' ? `${savesPerSecond(result).toFixed(0)} saves/s; the rest are the once-per-article version reads`
        : id === 'W5' ? `${(result.updates / result.seconds).toFixed(0)} saves/s within the mix`
        : ''
      workloadRows.push(row(id, workloadTitles[id], result, rssMiB(masthead.pid), note))
      if (id === 'W4') w4Saves = savesPerSecond(result)
      await ceilings.get(id)?.()
      ceilings.delete(id)
    }
    await masthead.stop()
    // Ceilings whose workload was not run are measured on their own.
    for (const measureCeiling of ceilings.values()) await measureCeiling()
    ceilingRows.sort((a, b) => a.id.localeCompare(b.id))

    // Statements per request: a second Masthead behind a counting proxy, at low rate, after the timed runs.
    if (prepared.url !== null) {
      const proxy = await startStatementProxy(5432)
      try {
        const counted = await startMasthead(prepared, { databaseUrl: prepared.url.replace('127.0.0.1:5432', `127.0.0.1:${proxy.port}`) })
        servers.push(counted)
        for (const workloadRow of workloadRows) {
          const id = workloadRow.id as WorkloadId
          const tally = newTally()
          const requests = requestsFor(id, fixture, tally)
          // Cached workloads are counted on the uncached server: the cost of a miss.
          if (requests === null) continue
          const before = proxy.count()
          const result = await runLoad(counted.base, requests, tally, { connections: 2, amount: COUNT_PASS_REQUESTS })
          workloadRow.statementsPerRequest = (proxy.count() - before) / result.requests
        }
        await counted.stop()
      } finally {
        await proxy.close()
      }
      notes.push(`SQL stmts/req: counted in a separate pass (${COUNT_PASS_REQUESTS} requests per workload, 2 connections) by a proxy reading the PostgreSQL wire protocol (Execute + Query messages, BEGIN/COMMIT included), not during the timed runs.`)
    } else {
      notes.push('SQL stmts/req: not measured on PGlite (no wire protocol to observe); see the statement-count tests.')
    }
  } finally {
    for (const server of servers) await server.stop()
    rmSync(tmp, { recursive: true, force: true })
  }

  const rateOf = (id: string) => [...workloadRows, ...ceilingRows].find((r) => r.id === id)?.requestsPerSecond ?? null
  const perCeiling = (rate: number | null, ceiling: string) => {
    const limit = rateOf(ceiling)
    return rate === null || limit === null ? null : rate / limit
  }
  const ratio = (id: string, ceiling: string) => perCeiling(rateOf(id), ceiling)
  notes.push('Errors: non-2xx responses, GraphQL errors, socket errors and timeouts; VERSION_CONFLICT answers are counted as conflicts, not errors.')
  notes.push('W4/W5 editors: each virtual client reads a random article\'s version once (article(id, preview: true)), saves it with expectedVersion (a dek change, one revision each), keeps the returned version, and moves to another random article after 9 saves (W4) or 1 save (W5, where 2 requests in 40 are the editor\'s).')
  notes.push('Server RSS: VmRSS of the server process at the end of each workload.')
  if (prepared.url !== null) notes.push('Before each timed run: VACUUM (ANALYZE) and CHECKPOINT, so no run starts on the dead rows or dirty pages of the one before.')
  notes.push('Ceilings are measured right after the workload they are compared with (C2 after W1, C1 after W1w, C3 after W4), as this machine\'s speed drifts over minutes.')
  notes.push(`Paired ratios: after a ceiling's run, ${PAIRED_ROUNDS} rounds of the workload then the ceiling, ${PAIRED_ROUND_SECONDS} s each after ${PAIRED_WARMUP_SECONDS} s of warm-up; each round's ratio compares runs seconds apart. Their spread is how far this machine moves within a minute; judge a target by the ratios of several runs, not one.`)

  const report: BenchReport = {
    startedAt,
    machine: machineInfo(),
    options: { articles: opts.articles, db: opts.db, durationSeconds: opts.duration, warmupSeconds: warmup, connections: opts.connections, workloads: opts.workloads },
    data: { reused: prepared.reused, generationSeconds: prepared.generationSeconds, liveArticles: prepared.liveSlugs.length, size: { ...prepared.size } },
    workloads: workloadRows,
    ceilings: ceilingRows,
    // The targets: cold against the one-query ceiling, warm against the memory ceiling.
    ratios: { w1ColdToSql: ratio('W1', 'C2'), w1WarmToMemory: ratio('W1w', 'C1'), w1ColdToMemory: ratio('W1', 'C1'), w4SavesToSave: perCeiling(w4Saves, 'C3') },
    pairedRatios: {
      w1ColdToSql: { median: median(paired.get('W1/C2') ?? []), rounds: paired.get('W1/C2') ?? [] },
      w1WarmToMemory: { median: median(paired.get('W1w/C1') ?? []), rounds: paired.get('W1w/C1') ?? [] },
      w4SavesToSave: { median: median(paired.get('W4/C3') ?? []), rounds: paired.get('W4/C3') ?? [] },
    },
    notes,
  }
  const files = writeReport(report)
  process.stdout.write(toMarkdown(report))
  console.error(`written: ${files.json}, ${files.markdown}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error)
    process.exit(1)
  },
)

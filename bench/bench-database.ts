import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import type { Database } from '../src/db/database.js'
import { openPgliteDatabase } from '../src/db/pglite-database.js'
import { openPostgresDatabase } from '../src/db/postgres-database.js'
import { issueToken, OPERATOR } from '../src/domain/tokens/tokens.service.js'
import { countRows, dataSetSize, generateData, rowsOf, type DataSetSize } from './generate-data.js'

/**
 * The database a run measures: a PostgreSQL database of its own on the local server
 * (masthead_bench_<articles>) or a PGlite folder under bench/data. Generated once, reused with
 * --reuse when its row counts match, so repeated runs skip the expensive part.
 */

export type DbKind = 'postgres' | 'pglite'

export interface PreparedDatabase {
  kind: DbKind
  /** Environment for the Masthead process: DATABASE_URL, or DATA_DIR for PGlite. */
  serverEnv: Record<string, string>
  /** For the SQL ceiling (PostgreSQL only). */
  url: string | null
  reused: boolean
  generationSeconds: number | null
  size: DataSetSize
  liveSlugs: string[]
  liveIds: string[]
  editorToken: string
}

const SEED = 20_250_501
const LOAD_TIMEOUT_MS = 3_600_000
// Only the machine's own server: the benchmark never targets anything but 127.0.0.1.
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
const benchUrl = (name: string) => `postgres://postgres@127.0.0.1:5432/${name}`
// BENCH_DB_SUFFIX (letters, digits, _) gives a run a data set of its own, so two checkouts can
// benchmark at once without regenerating each other's database.
const suffix = /^\w*$/.test(process.env.BENCH_DB_SUFFIX ?? '') ? (process.env.BENCH_DB_SUFFIX ?? '') : ''
const databaseName = (articles: number) => `masthead_bench_${articles}${suffix === '' ? '' : `_${suffix}`}`

function sameSize(a: DataSetSize, b: DataSetSize): boolean {
  return a.articles === b.articles && a.authors === b.authors && a.sections === b.sections && a.images === b.images && a.tags === b.tags
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function openFresh(kind: DbKind, articles: number): Promise<{ database: Database; exists: boolean; recreate: () => Promise<Database> }> {
  if (kind === 'postgres') {
    const name = databaseName(articles)
    const exists = await withAdmin(async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1)
    // A bulk load's statements run for minutes (the GIN build at a million articles): the client-side
    // read timeout that guards the server's requests (statement timeout + 3 s) would cut them off.
    const open = () => openPostgresDatabase({ url: benchUrl(name), poolMax: 4, statementTimeoutMs: LOAD_TIMEOUT_MS, onPoolError: (error) => { console.error('bench pool error:', error.message) } })
    const recreate = async () => {
      await withAdmin(async (client) => {
        // The name is built from an integer and word characters only, so it is safe to interpolate.
        await client.query(`drop database if exists ${name} with (force)`)
        await client.query(`create database ${name}`)
      })
      return open()
    }
    return { database: exists ? open() : await recreate(), exists, recreate }
  }
  const dir = pgliteDataDir(articles)
  const exists = existsSync(path.join(dir, 'pglite'))
  const recreate = async () => {
    rmSync(dir, { recursive: true, force: true })
    return openPgliteDatabase(path.join(dir, 'pglite'))
  }
  return { database: exists ? await openPgliteDatabase(path.join(dir, 'pglite')) : await recreate(), exists, recreate }
}

export function pgliteDataDir(articles: number): string {
  return path.resolve(import.meta.dirname, 'data', `pglite-${articles}${suffix === '' ? '' : `-${suffix}`}`)
}

export async function prepareDatabase(kind: DbKind, articles: number, reuse: boolean): Promise<PreparedDatabase> {
  const size = dataSetSize(articles)
  const opened = await openFresh(kind, articles)
  let database = opened.database
  let reused = false
  let generationSeconds: number | null = null
  try {
    if (opened.exists && reuse) {
      await database.migrate()
      const counts = await countRows(database)
      reused = sameSize(counts, size)
      if (!reused) console.error(`existing database has ${JSON.stringify(counts)}, expected ${JSON.stringify(size)}: regenerating`)
    }
    if (!reused) {
      if (opened.exists) {
        await database.close()
        database = await opened.recreate()
      }
      console.error(`generating ${articles} articles on ${kind}...`)
      const started = performance.now()
      await database.migrate()
      await generateData(database, size, SEED, new Date())
      generationSeconds = (performance.now() - started) / 1000
      console.error(`generated in ${generationSeconds.toFixed(1)} s`)
    }

    const live = await database.db.execute(sql`select id, slug from articles where status = 'published' and publish_at <= now() and deleted_at is null order by id`)
    const rows = rowsOf<{ id: string; slug: string }>(live)
    const { token } = await issueToken(database.db, OPERATOR, { name: `bench ${new Date().toISOString()}`, role: 'editor' })

    const name = databaseName(articles)
    return {
      kind,
      serverEnv: kind === 'postgres' ? { DATABASE_URL: benchUrl(name) } : { DATA_DIR: pgliteDataDir(articles) },
      url: kind === 'postgres' ? benchUrl(name) : null,
      reused,
      generationSeconds,
      size,
      liveSlugs: rows.map((row) => row.slug),
      liveIds: rows.map((row) => row.id),
      editorToken: token,
    }
  } finally {
    // PGlite's folder is locked by its owner: the server can only open it once this is closed.
    await database.close()
  }
}

/**
 * Brings the database to the same state before each timed run: W4 and W5 leave thousands of
 * dead row versions behind (every save writes a new one, and its index entries), and a run
 * that starts on them, or while autovacuum cleans them up, measured up to 40 % slower here.
 * VACUUM (ANALYZE) then CHECKPOINT, so neither the cleanup nor the flush of dirty pages falls
 * into the next run. PostgreSQL only: a PGlite folder is open in the server's process.
 */
export async function settleDatabase(prepared: PreparedDatabase): Promise<void> {
  if (prepared.url === null) return
  const client = new pg.Client({ connectionString: prepared.url })
  await client.connect()
  try {
    await client.query('VACUUM (ANALYZE)')
    // CHECKPOINT needs superuser or pg_checkpoint; without them the run goes on unflushed.
    await client.query('CHECKPOINT').catch((error: unknown) => { console.error(`CHECKPOINT skipped: ${(error as Error).message}`) })
  } finally {
    await client.end()
  }
}

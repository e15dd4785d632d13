import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../../src/db/database.js'
import { openPgliteDatabase } from '../../src/db/pglite-database.js'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { openTestDatabase } from '../helpers/test-database.js'

/** One key per test run: webhook secrets are encrypted with it. */
export const SECRETS_KEY = randomBytes(32).toString('base64')

/** Worker on, driven by the test (the timer only runs once, at start), receivers on 127.0.0.1. */
export const workerEnv = {
  SECRETS_KEY,
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_DELIVERY: 'true',
  WEBHOOK_POLL_MS: '3600000',
  WEBHOOK_RETRY_BASE_MS: '1000',
  WEBHOOK_MAX_ATTEMPTS: '3',
  // Short enough for the timeout test, long enough for a busy machine.
  WEBHOOK_TIMEOUT_MS: '2000',
}

export async function rows(exec: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  return resultRows(await exec.execute(query))
}

export async function count(exec: Executor, table: string, where: SQL = sql`true`): Promise<number> {
  return Number((await rows(exec, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`))[0]?.n)
}

/** Backoff waits are real time: tests bring pending deliveries forward instead of sleeping. */
export async function makePendingDue(exec: Executor): Promise<void> {
  await exec.execute(sql`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending'`)
}

interface Teardown {
  teardown(fn: () => unknown): void
}

/**
 * A database that can be closed and opened again, as across a restart: PGlite in a folder of
 * its own, or (with TEST_DATABASE_URL) a throwaway database on the server. `open` may be called
 * while another handle is still open (two instances); on PGlite that returns the same handle,
 * since one process owns the folder.
 */
export async function reopenableDatabase(t: Teardown): Promise<{ open(): Promise<Database>; kind: 'pglite' | 'postgres' }> {
  if (process.env.TEST_DATABASE_URL) {
    const { database: first, url, drop } = await openTestDatabase()
    t.teardown(drop)
    let unused: Database | undefined = first
    const opened: Database[] = []
    t.teardown(() => Promise.all(opened.map((database) => database.close())))
    return {
      kind: 'postgres',
      open() {
        if (unused) {
          const database = unused
          unused = undefined
          return Promise.resolve(database)
        }
        const database = openPostgresDatabase({ url: url ?? '', poolMax: 5, onPoolError: () => undefined })
        opened.push(database)
        return Promise.resolve(database)
      },
    }
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'masthead-webhooks-'))
  let current: Database | undefined
  let closed = true
  t.teardown(async () => {
    await current?.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  return {
    kind: 'pglite',
    async open() {
      if (current && !closed) return current
      const database = await openPgliteDatabase(dataDir)
      await database.migrate()
      const close = database.close.bind(database)
      closed = false
      current = Object.assign(database, {
        close: async () => {
          closed = true
          await close()
        },
      })
      return current
    },
  }
}

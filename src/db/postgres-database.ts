import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { fillMissingRenditions } from '../domain/renditions/fill-missing-renditions.js'
import { migrationsFolder } from '../paths.js'
import type { Database } from './database.js'
import { listenOnOwnConnection } from './postgres-listener.js'
import { PreparingClient } from './preparing-client.js'
import { StatementCounter } from './statement-counter.js'
import * as tables from './tables/index.js'

// Any fixed 64-bit number, the same in every instance: the key of the migration lock.
const MIGRATION_LOCK_KEY = 7_303_482_917_001n

export interface PostgresOptions {
  url: string
  poolMax: number
  /** Where pool errors go (an idle client losing its connection must not crash the process). */
  onPoolError: (error: Error) => void
  /** Longest a statement may run (server side) and a query may wait for its answer (client side). */
  statementTimeoutMs?: number
  /** Run parameterised statements as named prepared statements (off behind a pooler that cannot keep them). */
  preparedStatements?: boolean
  /** plan_cache_mode of every connection: force_generic_plan unless told otherwise. */
  planCacheMode?: PlanCacheMode
  /** The migrations to apply (tests); Masthead's own unless told otherwise. */
  migrationsFolder?: string
}

export type PlanCacheMode = 'force_generic_plan' | 'auto' | 'force_custom_plan'

/**
 * Masthead's statements are written for generic plans: limits and other values that shape a
 * plan are literals, ids and times are parameters. PostgreSQL's `auto` mode keeps planning a
 * statement afresh when its generic plan's estimate looks dearer than a custom one's; the
 * article page's estimate is dominated by the automatic related branch, which runs only when
 * an article has too few curated links, so from about 100,000 articles on `auto` re-planned the
 * page on every request (4.5 ms of planning against 1.3 ms of execution, measured; W1 at
 * 100,000 articles went from 220-300 to 700-900 requests/s with generic plans).
 */
function planCacheSetting(options: PostgresOptions): string[] {
  const mode = options.planCacheMode ?? 'force_generic_plan'
  return mode === 'auto' ? [] : [`-c plan_cache_mode=${mode}`]
}

/**
 * Startup options of every connection: the plan cache mode, and no JIT. JIT pays off for long
 * analytic queries; Masthead's take milliseconds, but a generic plan's estimate can pass
 * jit_above_cost (a page per owner, whose LIMIT the planner does not trust to stop early, was
 * estimated at 645,000 at a million articles) and then compiling took 245 ms of a 4 ms query.
 * Behind a pooler that refuses startup options (no prepared statements) nothing is sent: set
 * jit = off on the database there.
 */
function startupOptions(options: PostgresOptions): { options?: string } {
  if (options.preparedStatements === false) return {}
  return { options: [...planCacheSetting(options), '-c jit=off'].join(' ') }
}

// Waiting for a connection is bounded, so an outage answers 503 quickly instead of hanging.
const CONNECT_TIMEOUT_MS = 3000
const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000

export function openPostgresDatabase(options: PostgresOptions): Database {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: statementTimeout,
    // A server that vanished without closing the socket would otherwise leave the query waiting.
    query_timeout: statementTimeout + CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    ...startupOptions(options),
  })
  pool.on('error', options.onPoolError)
  const statements = new StatementCounter()
  const db = drizzle({ client: pool, schema: tables, logger: statements })
  let closed = false
  return {
    kind: 'postgres',
    db,
    statements,
    async query(text, params) {
      statements.logQuery()
      return (await pool.query<Record<string, unknown>>({ text, values: params })).rows
    },
    async migrate() {
      // A connection of its own, outside the pool and its timeouts: a migration of a large
      // database (a backfill, an index build) takes minutes, and so may the wait for another
      // instance's. A session-level advisory lock on it: a second instance starting at the same
      // moment waits here, then finds the migrations applied and does nothing.
      const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
      client.on('error', options.onPoolError)
      await client.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()])
        await migrate(drizzle({ client, schema: tables }), { migrationsFolder: options.migrationsFolder ?? migrationsFolder })
      } finally {
        // Closing the session releases its advisory lock.
        await client.end()
      }
      // Outside the lock: the fill is safe to run concurrently, and instances need not queue on it.
      await fillMissingRenditions(db)
    },
    listen(channel, handlers) {
      return listenOnOwnConnection(options, channel, handlers)
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      if (closed) return
      closed = true
      await pool.end()
    },
  }
}

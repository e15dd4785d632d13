import path from 'node:path'
import type { Config } from '../config.js'
import type { Database } from './database.js'
import { openPgliteDatabase } from './pglite-database.js'
import { openPostgresDatabase, type PlanCacheMode } from './postgres-database.js'

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolMax: number; statementTimeoutMs: number; preparedStatements: boolean; planCacheMode: PlanCacheMode }
  | { kind: 'pglite'; dataDir: string | undefined }

/** DATABASE_URL selects the PostgreSQL server; without it, embedded PGlite in DATA_DIR. */
export function databaseTargetFromConfig(config: Config): DatabaseTarget {
  if (config.DATABASE_URL !== undefined) {
    return { kind: 'postgres', url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS, preparedStatements: config.DATABASE_PREPARED_STATEMENTS, planCacheMode: config.DATABASE_PLAN_CACHE_MODE }
  }
  return { kind: 'pglite', dataDir: path.resolve(config.DATA_DIR, 'pglite') }
}

export async function openDatabase(target: DatabaseTarget, onPoolError: (error: Error) => void): Promise<Database> {
  if (target.kind === 'postgres') return openPostgresDatabase({ url: target.url, poolMax: target.poolMax, statementTimeoutMs: target.statementTimeoutMs, preparedStatements: target.preparedStatements, planCacheMode: target.planCacheMode, onPoolError })
  return openPgliteDatabase(target.dataDir)
}

import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type * as tables from './tables/index.js'
import type { StatementCounter } from './statement-counter.js'

type Tables = typeof tables

/** Drizzle over either driver: PGlite and node-postgres share the pg-core query builder. */
export type Db = PgDatabase<PgQueryResultHKT, Tables>
export type Tx = PgTransaction<PgQueryResultHKT, Tables, ExtractTablesWithRelations<Tables>>
/** Repositories accept either, so services decide where transactions begin and end. */
export type Executor = Db | Tx

export interface Database {
  readonly kind: 'pglite' | 'postgres'
  readonly db: Db
  readonly statements: StatementCounter
  /**
   * One parameterised statement past Drizzle, for statements built once and run many times (the
   * compiled read path); prepared like Drizzle's, counted in `statements` like them.
   */
  query(text: string, params: unknown[]): Promise<Record<string, unknown>[]>
  /**
   * Applies pending migrations, then fills in derived data rows written before it existed (body
   * renditions); safe when several instances start at once.
   */
  migrate(): Promise<void>
  /**
   * Calls `onMessage` for every NOTIFY on `channel` (delivered when the notifying transaction
   * commits, to every instance). `onGap` runs when notifications may have been missed (the
   * listening connection was lost and is back), so callers can drop what they derived from them.
   */
  listen(channel: string, handlers: { onMessage: (payload: string) => void; onGap: () => void }): Promise<() => Promise<void>>
  /** Throws when the database does not answer. */
  ping(): Promise<void>
  close(): Promise<void>
}

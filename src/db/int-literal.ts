import { sql, type SQL } from 'drizzle-orm'

/**
 * A count written into the statement, not bound as a parameter. Statements run with generic
 * plans (postgres-database.ts), and a generic plan knows a literal: `LIMIT 21` plans as 21
 * rows, `LIMIT $1` as a tenth of the table, which at a million articles turns an index walk
 * into a scan and sort. Only validated integers come here, and each value is one more prepared
 * text, so callers pass bounded counts (page sizes, batch sizes).
 */
export function intLiteral(value: number): SQL {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`intLiteral needs a non-negative integer, got ${value}`)
  return sql.raw(String(value))
}

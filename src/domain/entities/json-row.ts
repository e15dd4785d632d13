import type { Column } from 'drizzle-orm'

/**
 * Rows carried inside another statement as JSON: `json_build_object` over a Drizzle column map,
 * and back through each column's own driver mapping, so the row equals what a select of the same
 * columns returns (a Date from the timestamp text, a number from the integer).
 */
export type ColumnMap = Record<string, Column>

/** `json_build_object('key', alias.column, …)` for the columns of `columns` on table alias `alias`. */
export function jsonObjectSql(columns: ColumnMap, alias: string): string {
  return `json_build_object(${Object.entries(columns)
    .map(([key, column]) => `'${key}', ${alias}.${column.name}`)
    .join(', ')})`
}

// node-postgres parses json values; PGlite may hand back the text.
export const parseJsonValue = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

/** The row as a select would return it; the caller names its type. */
export function rowFromJson(columns: ColumnMap, raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(columns)) row[key] = raw[key] === null || raw[key] === undefined ? null : column.mapFromDriverValue(raw[key])
  return row
}

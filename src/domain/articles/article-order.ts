import { sql, type SQL } from 'drizzle-orm'
import type { CursorPosition } from '../pagination/cursor.js'
import type { ArticleRow } from './article-row.js'

export const articleOrders = ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'UPDATED_AT_DESC'] as const
export type ArticleOrder = (typeof articleOrders)[number]

interface OrderSpec {
  column: 'publish_at' | 'updated_at'
  descending: boolean
  sortValue: (row: ArticleRow) => string
}

const specs: Record<ArticleOrder, OrderSpec> = {
  PUBLISHED_AT_DESC: { column: 'publish_at', descending: true, sortValue: (row) => iso(row.publishAt) },
  PUBLISHED_AT_ASC: { column: 'publish_at', descending: false, sortValue: (row) => iso(row.publishAt) },
  UPDATED_AT_DESC: { column: 'updated_at', descending: true, sortValue: (row) => row.updatedAt.toISOString() },
}

function iso(date: Date | null): string {
  // Live articles always have publish_at (a CHECK constraint guarantees it).
  return (date ?? new Date(0)).toISOString()
}

export function sortValueOf(order: ArticleOrder): (row: ArticleRow) => string {
  return specs[order].sortValue
}

/**
 * ORDER BY for alias `a`, with the id as tie-breaker so the order is total. The NULLS clauses
 * match the indexes (built DESC NULLS LAST): without them PostgreSQL reads DESC as NULLS FIRST,
 * cannot walk the index, and sorts the whole table for every list. With `keyset`, a date order
 * is stated on those copies of the columns, so their table's index can give it.
 */
export function orderBySql(order: ArticleOrder, keyset?: KeysetColumns): SQL {
  const { column, descending } = specs[order]
  const direction = descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'
  const [sortColumn, idColumn] = keysetColumns(column, keyset)
  return sql.raw(`${sortColumn} ${direction}, ${idColumn} ${direction}`)
}

function keysetColumns(column: OrderSpec['column'], keyset: KeysetColumns | undefined): [string, string] {
  return keyset && column === 'publish_at' ? [keyset.publishAt, keyset.id] : [`a.${column}`, 'a.id']
}

/** Copies of a.publish_at and a.id in another table, ordered by an index of its own. */
export interface KeysetColumns {
  publishAt: string
  id: string
}

/**
 * Rows strictly after the cursor in this order (keyset pagination, index-friendly); `keyset`
 * states it on copies of the columns (for a date order), so their index starts at the cursor.
 */
export function afterCursorSql(order: ArticleOrder, after: CursorPosition, keyset?: KeysetColumns): SQL {
  const { column, descending } = specs[order]
  const comparison = sql.raw(descending ? '<' : '>')
  return sql`(${sql.raw(keysetColumns(column, keyset).join(', '))}) ${comparison} (${String(after.value)}::timestamptz, ${after.id}::uuid)`
}

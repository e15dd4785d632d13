import { and, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { mediaAssets } from '../../db/tables/media-assets.js'

export type MediaRow = Omit<typeof mediaAssets.$inferSelect, 'deletedAt' | 'createdAt'>

const { deletedAt: _deletedAt, createdAt: _createdAt, ...mediaColumns } = getTableColumns(mediaAssets)

/**
 * Media assets by id, in one statement; trashed assets are left out. `lockForShare` holds them
 * (FOR SHARE) until the transaction ends, so nobody changes them under what is built from them.
 */
export async function findMediaByIds(exec: Executor, ids: readonly string[], options: { lockForShare?: boolean } = {}): Promise<Map<string, MediaRow>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const query = exec
    .select(mediaColumns)
    .from(mediaAssets)
    .where(and(inArray(mediaAssets.id, unique), isNull(mediaAssets.deletedAt)))
  // Ordered, so two writers locking overlapping sets queue instead of deadlocking.
  const rows = options.lockForShare ? await query.orderBy(mediaAssets.id).for('share') : await query
  return new Map(rows.map((row) => [row.id, row]))
}

/**
 * A media row read inside another statement (an article's lead image, say): the columns of
 * alias `alias`, each named `<alias>_<column>`. Join with `deleted_at IS NULL` in the ON clause,
 * so a trashed asset reads as absent, as in `findMediaByIds`.
 */
export function mediaColumnsSql(alias: string): SQL {
  return sql.raw(Object.values(mediaColumns).map((column) => `${alias}.${column.name} AS ${alias}_${column.name}`).join(', '))
}

/** The row `mediaColumnsSql(alias)` read, as `findMediaByIds` gives it (null when absent). */
export function mapJoinedMedia(raw: Record<string, unknown>, alias: string): MediaRow | null {
  if (raw[`${alias}_id`] === null || raw[`${alias}_id`] === undefined) return null
  const row: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(mediaColumns)) {
    const value = raw[`${alias}_${column.name}`]
    // The columns' own driver mapping: dates from either driver's text or Date, numbers as numbers.
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
  }
  return row as MediaRow
}

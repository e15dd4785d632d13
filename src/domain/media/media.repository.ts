import { and, getTableColumns, inArray, isNull } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { mediaAssets } from '../../db/tables/media-assets.js'

export type MediaRow = Omit<typeof mediaAssets.$inferSelect, 'deletedAt' | 'createdAt'>

const { deletedAt: _deletedAt, createdAt: _createdAt, ...mediaColumns } = getTableColumns(mediaAssets)

/** Media assets by id, in one statement; trashed assets are left out. */
export async function findMediaByIds(exec: Executor, ids: readonly string[]): Promise<Map<string, MediaRow>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await exec
    .select(mediaColumns)
    .from(mediaAssets)
    .where(and(inArray(mediaAssets.id, unique), isNull(mediaAssets.deletedAt)))
  return new Map(rows.map((row) => [row.id, row]))
}

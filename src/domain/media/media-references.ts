import { and, inArray, isNull } from 'drizzle-orm'
import type { Tx } from '../../db/database.js'
import { mediaAssets } from '../../db/tables/media-assets.js'
import type { FieldProblem } from '../../errors.js'

/** Each named media field must point at an asset that exists and is not in the trash. */
export async function mediaProblems(tx: Tx, fields: Record<string, string | null | undefined>): Promise<FieldProblem[]> {
  const wanted = Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  if (wanted.length === 0) return []
  const found = await tx
    .select({ id: mediaAssets.id })
    .from(mediaAssets)
    .where(and(inArray(mediaAssets.id, wanted.map(([, id]) => id)), isNull(mediaAssets.deletedAt)))
  const ids = new Set(found.map((row) => row.id))
  return wanted.filter(([, id]) => !ids.has(id)).map(([field]) => ({ path: ['input', field], message: 'is not a media asset (or it is in the trash)' }))
}

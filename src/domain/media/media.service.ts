import { idArgsSchema } from '../articles/article-write.schemas.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { findMediaByIds, type MediaRow } from './media.repository.js'

/** One media asset by id; assets in the trash are not found. */
export async function findMedia(scope: ReadScope, rawId: unknown): Promise<MediaRow | undefined> {
  const { id } = parseInput(idArgsSchema, { id: rawId })
  return (await findMediaByIds(scope.db, [id])).get(id)
}

export function mediaByIds(scope: ReadScope, ids: readonly string[]): Promise<Map<string, MediaRow>> {
  return findMediaByIds(scope.db, ids)
}

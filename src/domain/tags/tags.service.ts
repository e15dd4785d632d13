import { lookupKey, lookupKeySchema } from '../entities/lookup-key.js'
import { groupWithReadAlong } from '../group-by-article.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { findArticleTags, findTagById, findTagBySlug, type TagRow } from './tags.repository.js'

/** One tag by slug or id (`{ slug }` or `{ id }`); tags in the trash are not found. */
export async function findTag(scope: ReadScope, input: unknown): Promise<TagRow | undefined> {
  const key = lookupKey(parseInput(lookupKeySchema, input))
  if (!key) return undefined
  return 'id' in key ? findTagById(scope.db, key.id) : findTagBySlug(scope.db, key.slug)
}

export async function tagsOf(scope: ReadScope, articleIds: readonly string[]): Promise<Map<string, TagRow[]>> {
  return groupWithReadAlong(scope.readAlong.tags, articleIds, (ids) => findArticleTags(scope.db, ids))
}

import { lookupKey, lookupKeySchema } from '../entities/lookup-key.js'
import { groupWithReadAlong } from '../group-by-article.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { findAuthorById, findAuthorBySlug, findBylines, type AuthorRow, type BylineRow } from './authors.repository.js'

/** One author by slug or id (`{ slug }` or `{ id }`); authors in the trash are not found. */
export async function findAuthor(scope: ReadScope, input: unknown): Promise<AuthorRow | undefined> {
  const key = lookupKey(parseInput(lookupKeySchema, input))
  if (!key) return undefined
  return 'id' in key ? findAuthorById(scope.db, key.id) : findAuthorBySlug(scope.db, key.slug)
}

/** Bylines grouped per article, for many articles at once. */
export async function bylinesOf(scope: ReadScope, articleIds: readonly string[]): Promise<Map<string, BylineRow[]>> {
  return groupWithReadAlong(scope.readAlong.bylines, articleIds, (ids) => findBylines(scope.db, ids))
}

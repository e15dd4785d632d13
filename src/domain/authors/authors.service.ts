import { slugSchema } from '../articles/articles.schemas.js'
import { groupByArticle } from '../group-by-article.js'
import type { ReadScope } from '../read-scope.js'
import { findAuthorBySlug, findBylines, type AuthorRow, type BylineRow } from './authors.repository.js'

export async function authorBySlug(scope: ReadScope, slug: string): Promise<AuthorRow | undefined> {
  return slugSchema.safeParse(slug).success ? findAuthorBySlug(scope.db, slug) : undefined
}

/** Bylines grouped per article, for many articles at once. */
export async function bylinesOf(scope: ReadScope, articleIds: readonly string[]): Promise<Map<string, BylineRow[]>> {
  return groupByArticle(articleIds, await findBylines(scope.db, articleIds))
}

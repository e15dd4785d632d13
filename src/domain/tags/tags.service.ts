import { slugSchema } from '../articles/articles.schemas.js'
import { groupByArticle } from '../group-by-article.js'
import type { ReadScope } from '../read-scope.js'
import { findArticleTags, findTagBySlug, type TagRow } from './tags.repository.js'

export async function tagBySlug(scope: ReadScope, slug: string): Promise<TagRow | undefined> {
  return slugSchema.safeParse(slug).success ? findTagBySlug(scope.db, slug) : undefined
}

export async function tagsOf(scope: ReadScope, articleIds: readonly string[]): Promise<Map<string, TagRow[]>> {
  return groupByArticle(articleIds, await findArticleTags(scope.db, articleIds))
}

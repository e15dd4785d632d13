import { ForbiddenError, NotFoundError } from '../../errors.js'
import type { ArticleRow } from '../articles/article-row.js'
import { slugSchema } from '../articles/articles.schemas.js'
import { notTrashedSql } from '../articles/articles.repository.js'
import { articleLiveAt } from '../articles/article-visibility.js'
import type { ReadScope } from '../read-scope.js'
import { findPageArticle } from './article-page.repository.js'

export interface ArticlePage {
  at: Date
  article: ArticleRow
}

// A client's clock is never exact: an `at` this close to now means now (and reads at the server's now).
const NOW_TOLERANCE_MS = 5_000

/**
 * Resolves which instant a page may be composed for. The public reads only now: a future
 * instant would leak embargoed stories, a past one would resurrect retracted ones.
 */
export function pageInstant(now: Date, requested: Date | null | undefined, mayTimeTravel: boolean): Date {
  if (!requested || Math.abs(requested.getTime() - now.getTime()) <= NOW_TOLERANCE_MS) return now
  if (!mayTimeTravel) {
    throw new ForbiddenError('Only preview tokens and above may compose a page at another instant than now; omit `at`')
  }
  return requested
}

/**
 * Finds the page's article (live at the scope's instant, or its latest state for a preview
 * scope, as `findArticleBySlug` would); the rest of the page is composed field by field, only as
 * asked. The section tree and site settings come along with the article, for those fields to use.
 */
export async function composeArticlePage(scope: ReadScope, slug: string): Promise<ArticlePage> {
  const parsed = slugSchema.safeParse(slug)
  const found = parsed.success ? await findPageArticle(scope.db, parsed.data, scope.preview ? notTrashedSql : articleLiveAt(scope.at)) : undefined
  if (!found) throw new NotFoundError('article', `slug "${slug}"`)
  scope.remember(found)
  return { at: scope.at, article: found.article }
}

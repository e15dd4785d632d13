import type { ArticleStatus } from '../../db/tables/articles.js'
import type { ArticleRow } from './article-row.js'

/**
 * The status in force at an instant. The stored status is the editor's intent; the window
 * decides when it takes effect (no job flips it), so a scheduled story whose time has come is
 * published, and a live one past its expiry is unpublished. Mirrors `articleLiveAt`.
 */
export function effectiveStatus(article: Pick<ArticleRow, 'status' | 'publishAt' | 'unpublishAt'>, at: Date): ArticleStatus {
  if (article.status !== 'scheduled' && article.status !== 'published') return article.status
  if (article.unpublishAt && article.unpublishAt <= at) return 'unpublished'
  if (article.publishAt && article.publishAt <= at) return 'published'
  return 'scheduled'
}

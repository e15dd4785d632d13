import { z } from 'zod'
import type { ArticleRow } from '../articles/article-row.js'
import { findArticlesByIds } from '../articles/articles.service.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { findRelatedCandidates } from './related.repository.js'

export const MAX_RELATED = 20

const relatedArgsSchema = z.object({ first: z.number().int().min(0).max(MAX_RELATED, `must be from 0 to ${MAX_RELATED}`).default(3) })

export interface RelatedItem {
  source: 'CURATED' | 'AUTOMATIC'
  article: ArticleRow | null
  url: string | null
  headline: string
  teaser: string | null
}

/**
 * Composes the keep-reading rail of many articles at the scope's instant (two statements in
 * all): curated links first, then the automatic fill; no duplicates, never the article itself.
 * The same article can show a different rail later, as newer stories arrive.
 */
export async function composeRelated(scope: ReadScope, sourceIds: readonly string[], input: unknown): Promise<Map<string, RelatedItem[]>> {
  const { first } = parseInput(relatedArgsSchema, input)
  const candidates = first === 0 ? [] : await findRelatedCandidates(scope.db, sourceIds, scope.at, first)
  const targetIds = [...new Set(candidates.flatMap((c) => (c.targetId ? [c.targetId] : [])))]
  const articles = new Map((await findArticlesByIds(scope, targetIds)).map((article) => [article.id, article]))

  const rails = new Map<string, RelatedItem[]>(sourceIds.map((id) => [id, []]))
  const seen = new Map<string, Set<string>>()
  for (const candidate of candidates) {
    const rail = rails.get(candidate.sourceId)
    if (!rail) continue
    const article = candidate.targetId ? articles.get(candidate.targetId) : undefined
    if (candidate.targetId && !article) continue // became invisible between the two statements
    const key = candidate.targetId ?? candidate.url ?? ''
    const keys = seen.get(candidate.sourceId) ?? new Set<string>()
    if (keys.has(key) || candidate.targetId === candidate.sourceId) continue
    keys.add(key)
    seen.set(candidate.sourceId, keys)
    rail.push({
      source: candidate.source,
      article: article ?? null,
      url: candidate.url,
      headline: candidate.headline ?? article?.headline ?? candidate.url ?? '',
      teaser: candidate.teaser,
    })
  }
  return rails
}

/** The rail as links (external ones included) or as articles only. */
export function railLinks(items: RelatedItem[], first: number): RelatedItem[] {
  return items.slice(0, first)
}

export function railArticles(items: RelatedItem[], first: number): ArticleRow[] {
  return items.flatMap((item) => (item.article ? [item.article] : [])).slice(0, first)
}

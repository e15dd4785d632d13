import { z } from 'zod'
import type { ArticleRow } from '../articles/article-row.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { findAutomaticRelated, findCuratedRelated } from './related.repository.js'

export const MAX_RELATED = 20

export const relatedArgsSchema = z.object({ first: z.number().int().min(0).max(MAX_RELATED, `must be from 0 to ${MAX_RELATED}`).default(3) })

export interface RelatedItem {
  source: 'CURATED' | 'AUTOMATIC'
  article: ArticleRow | null
  url: string | null
  headline: string
  teaser: string | null
}

/**
 * Composes the keep-reading rail of many articles at the scope's instant: curated links first,
 * then the automatic fill; no duplicates, never the article itself. One statement reads the
 * curated links; a second, only when they leave places to fill, the automatic ones. The same
 * article can show a different rail later, as newer stories arrive.
 */
export async function composeRelated(scope: ReadScope, sourceIds: readonly string[], input: unknown): Promise<Map<string, RelatedItem[]>> {
  const { first } = parseInput(relatedArgsSchema, input)
  const curated = first === 0 ? [] : await findCuratedRelated(scope.db, sourceIds, scope.at)
  const curatedTargets = new Map<string, Set<string>>(sourceIds.map((id) => [id, new Set<string>()]))
  for (const candidate of curated) if (candidate.article) curatedTargets.get(candidate.sourceId)?.add(candidate.article.id)
  // A rail shows `first` articles at most: a source whose curated articles fill them needs no fill.
  const toFill = [...curatedTargets].filter(([, targets]) => targets.size < first).map(([id, targets]) => ({ id, exclude: [...targets] }))
  const automatic = toFill.length === 0 ? [] : await findAutomaticRelated(scope.db, toFill, scope.at, first)

  const rails = new Map<string, RelatedItem[]>(sourceIds.map((id) => [id, []]))
  const seen = new Map<string, Set<string>>()
  for (const candidate of [...curated, ...automatic]) {
    const rail = rails.get(candidate.sourceId)
    if (!rail) continue
    const article = candidate.article
    const key = article?.id ?? candidate.url ?? ''
    const keys = seen.get(candidate.sourceId) ?? new Set<string>()
    if (keys.has(key) || article?.id === candidate.sourceId) continue
    keys.add(key)
    seen.set(candidate.sourceId, keys)
    rail.push({
      source: candidate.source,
      article,
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

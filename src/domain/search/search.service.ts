import { z } from 'zod'
import { BadUserInputError } from '../../errors.js'
import { firstSchema } from '../articles/articles.schemas.js'
import { escapeHtml } from '../rich-text/escape-html.js'
import { decodeCursor, encodeCursor } from '../pagination/cursor.js'
import type { PageInfo } from '../pagination/connection.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { MATCH_END, MATCH_START, searchLive, type SearchHit } from './search.repository.js'

const SEARCH_ORDER = 'RANK'

const searchArgsSchema = z.object({
  query: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  first: firstSchema(20),
  after: z.string().max(512).nullish(),
})

export interface SearchResultPage {
  edges: (SearchHit & { cursor: string; node: SearchHit['article'] })[]
  pageInfo: PageInfo
  /** Counted by the same statement as the page (counting the matches costs little once they are ranked). */
  totalCount: () => Promise<number>
}

export async function searchArticles(scope: ReadScope, input: unknown): Promise<SearchResultPage> {
  const args = parseInput(searchArgsSchema, input)
  const cursor = args.after ? decodeCursor(args.after, SEARCH_ORDER) : undefined
  if (cursor && typeof cursor.value !== 'number') throw BadUserInputError.at(['after'], 'is not a search cursor')
  const after = cursor ? { rank: cursor.value as number, id: cursor.id } : undefined
  const { hits, total } = await searchLive(scope.db, { text: args.query, at: scope.at, after, first: args.first })
  const edges = hits.slice(0, args.first).map((hit) => ({
    ...hit,
    snippet: markMatches(hit.snippet),
    node: hit.article,
    cursor: encodeCursor({ order: SEARCH_ORDER, value: hit.rank, id: hit.article.id }),
  }))
  return {
    edges,
    pageInfo: {
      hasNextPage: hits.length > args.first,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => Promise.resolve(total),
  }
}

/** Escapes the excerpt, then turns the database's match markers into <mark> elements. */
function markMatches(snippet: string): string {
  return escapeHtml(snippet)
    .replaceAll(MATCH_START, '<mark>')
    .replaceAll(MATCH_END, '</mark>')
}

import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { intLiteral } from '../../db/int-literal.js'
import { articleColumnsSql, mapPublicArticleRow, type ArticleRow } from '../articles/article-row.js'
import { articleLiveAt } from '../articles/article-visibility.js'
import { resultRows } from '../articles/articles.repository.js'

// ts_headline marks matches with these; the service escapes the text, then turns them into <mark>.
export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

export interface SearchHit {
  article: ArticleRow
  rank: number
  /** Empty for the look-ahead row (the one past `first`), which is never shown. */
  snippet: string
}

export interface SearchQuery {
  text: string
  at: Date
  after?: { rank: number; id: string } | undefined
  /** Hits to show; one more is read to learn whether there is a next page. */
  first: number
  /** How many of the newest matches are ranked (RANK_WINDOW unless a test says otherwise). */
  rankWindow?: number
}

export interface SearchResult {
  hits: SearchHit[]
  /** Every live match, whatever the page, ranked or beyond the rank window. */
  total: number
}

// websearch_to_tsquery accepts what people type ("quoted phrases", or, -exclusions) without syntax errors.
const tsQuery = (text: string) => sql`websearch_to_tsquery('english', ${text})`

/**
 * Relevance is ranked among the newest RANK_WINDOW live matches, not all of them. Ranking reads
 * and scores each match's whole vector, so its cost grows with the corpus: a common word
 * matches most articles (in the bench data, "report" matches every one of 10,000). Matching and
 * counting stay exact and cheap. For a newsroom the newest matches are the ones readers want;
 * older ones are a narrower query away.
 */
export const RANK_WINDOW = 1000

/**
 * One page of live matches by rank, and the number of all matches, in one statement: one pass
 * over the matches finds and counts them, the newest RANK_WINDOW of them are ranked, and only
 * the page's rows are read in full and given a snippet.
 */
export async function searchLive(exec: Executor, query: SearchQuery): Promise<SearchResult> {
  const afterCondition = query.after ? sql`WHERE (m.rank, m.id) < (${query.after.rank}::real, ${query.after.id}::uuid)` : sql``
  const result = await exec.execute(sql`
    WITH q AS (SELECT ${tsQuery(query.text)} AS query),
    matches AS MATERIALIZED (
      SELECT a.id, a.publish_at FROM articles a, q
      WHERE a.search_vector @@ q.query AND ${articleLiveAt(query.at)}
    ),
    ranked AS MATERIALIZED (
      SELECT a.id, ts_rank_cd(a.search_vector, q.query) AS rank
      FROM (SELECT m.id FROM matches m ORDER BY m.publish_at DESC, m.id DESC LIMIT ${intLiteral(query.rankWindow ?? RANK_WINDOW)}) newest
      JOIN articles a ON a.id = newest.id, q
    ),
    page AS (
      SELECT m.id, m.rank, row_number() OVER (ORDER BY m.rank DESC, m.id DESC) AS n
      FROM (SELECT m.id, m.rank FROM ranked m ${afterCondition} ORDER BY m.rank DESC, m.id DESC LIMIT ${intLiteral(query.first + 1)}) m
    )
    -- The total rides on every row; with no hit on the page, on one row of its own.
    SELECT total.n AS total, hit.* FROM (SELECT count(*)::int AS n FROM matches) total
    LEFT JOIN LATERAL (
      SELECT ${articleColumnsSql}, page.rank, page.n,
        CASE WHEN page.n <= ${query.first} THEN
          ts_headline('english', coalesce(nullif(a.body_text, ''), a.dek, a.headline), q.query,
            ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`})
        END AS snippet
      FROM page JOIN articles a ON a.id = page.id, q
    ) hit ON true
    ORDER BY hit.n`)
  const rows = resultRows(result)
  return {
    hits: rows
      .filter((raw) => raw.id !== null && raw.id !== undefined)
      .map((raw) => ({ article: mapPublicArticleRow(raw, { leadImage: false }), rank: Number(raw.rank), snippet: (raw.snippet as string | null) ?? '' })),
    total: Number(rows[0]?.total ?? 0),
  }
}

import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { articleColumnsSql, mapArticleRow, type ArticleRow } from '../articles/article-row.js'
import { articleLiveAt } from '../articles/article-visibility.js'
import { resultRows } from '../articles/articles.repository.js'

// ts_headline marks matches with these; the service escapes the text, then turns them into <mark>.
export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

export interface SearchHit {
  article: ArticleRow
  rank: number
  snippet: string
}

export interface SearchQuery {
  text: string
  at: Date
  after?: { rank: number; id: string } | undefined
  limit: number
}

// websearch_to_tsquery accepts what people type ("quoted phrases", or, -exclusions) without syntax errors.
const tsQuery = (text: string) => sql`websearch_to_tsquery('english', ${text})`

export async function searchLive(exec: Executor, query: SearchQuery): Promise<SearchHit[]> {
  const rank = sql`ts_rank_cd(a.search_vector, q.query)`
  const afterCondition = query.after ? sql`AND (${rank}, a.id) < (${query.after.rank}::real, ${query.after.id}::uuid)` : sql``
  const result = await exec.execute(sql`
    SELECT ${articleColumnsSql}, ${rank} AS rank,
      ts_headline('english', coalesce(nullif(a.body_text, ''), a.dek, a.headline), q.query,
        ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`}) AS snippet
    FROM articles a, (SELECT ${tsQuery(query.text)} AS query) q
    WHERE a.search_vector @@ q.query AND ${articleLiveAt(query.at)} ${afterCondition}
    ORDER BY rank DESC, a.id DESC
    LIMIT ${query.limit}`)
  return resultRows(result).map((raw) => ({ article: mapArticleRow(raw), rank: Number(raw.rank), snippet: String(raw.snippet) }))
}

export async function countSearchLive(exec: Executor, text: string, at: Date): Promise<number> {
  const result = await exec.execute(sql`
    SELECT count(*)::int AS n FROM articles a WHERE a.search_vector @@ ${tsQuery(text)} AND ${articleLiveAt(at)}`)
  return Number(resultRows(result)[0]?.n ?? 0)
}

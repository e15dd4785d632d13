import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { intLiteral } from '../../db/int-literal.js'
import { articleColumnsSql, leadImageColumnsSql, leadImageJoinSql, mapPublicArticleRow, type ArticleRow } from '../articles/article-row.js'
import { articleLiveAt } from '../articles/article-visibility.js'
import { resultRows, uuidArray } from '../articles/articles.repository.js'

export interface RelatedCandidate {
  sourceId: string
  source: 'CURATED' | 'AUTOMATIC'
  /** The target article, live at the instant asked for (null for an external link). */
  article: ArticleRow | null
  url: string | null
  headline: string | null
  teaser: string | null
}

// Relevance: a shared tag weighs 2, the same section 1.5; relevance halves for a story 30 days older.
// Inlined as float literals: as parameters, Postgres would infer integer from the context.
const TAG_WEIGHT = sql.raw('2.0::float8')
const SECTION_WEIGHT = sql.raw('1.5::float8')
const HALF_WEIGHT_SECONDS = sql.raw(`${30 * 24 * 3600}.0::float8`)
// Candidates are each shared tag's and the section's most recent live stories: bounded work
// however many stories a tag or section holds (older ones would lose on recency anyway). A few
// more per tag than places to fill: on the benchmark's 10,000 articles the rails then come out
// identical to ranking every story that shares a tag.
const MIN_TAG_CANDIDATES = sql.raw('10')
const EXTRA_TAG_CANDIDATES = sql.raw('5')
const SECTION_CANDIDATES = sql.raw('200')

function toCandidate(raw: Record<string, unknown>): RelatedCandidate {
  return {
    sourceId: raw.source_id as string,
    source: raw.source as RelatedCandidate['source'],
    // Every target is live already: the statements below choose among live stories only.
    article: raw.id === null || raw.id === undefined ? null : mapPublicArticleRow(raw, { leadImage: true }),
    url: (raw.url as string | null) ?? null,
    headline: (raw.link_headline as string | null) ?? null,
    teaser: (raw.link_teaser as string | null) ?? null,
  }
}

/**
 * The curated links of many articles in one statement, in editor order, target articles (and
 * their lead images) included: live targets and external URLs; a link to a story the public
 * cannot see at `at` is left out.
 */
export async function findCuratedRelated(exec: Executor, sourceIds: readonly string[], at: Date): Promise<RelatedCandidate[]> {
  if (sourceIds.length === 0) return []
  const result = await exec.execute(sql`
    SELECT 'CURATED' AS source, rl.article_id AS source_id, rl.url, rl.headline AS link_headline, rl.teaser AS link_teaser,
      ${articleColumnsSql}, ${leadImageColumnsSql}
    FROM related_links rl LEFT JOIN articles a ON a.id = rl.target_article_id ${leadImageJoinSql}
    WHERE rl.article_id = ANY(${uuidArray(sourceIds)}) AND rl.deleted_at IS NULL AND (rl.url IS NOT NULL OR ${articleLiveAt(at)})
    ORDER BY rl.article_id, rl.position`)
  return resultRows(result).map(toCandidate)
}

export interface AutomaticPickInput {
  /** Expressions for the source article's id and section, and its tags (a uuid[]). */
  sourceId: SQL
  sectionId: SQL
  tagIds: SQL
  /** True for a candidate (its id expression given) that must not be picked: the curated targets. */
  excluded: (candidateId: SQL) => SQL
  at: SQL
  /** How many to pick (an integer expression). */
  places: SQL
}

/**
 * The automatic picks of one source's rail as rows (id, position): stories sharing its tags or
 * section, scored by shared tags and section and weighted by recency at `at`, best first. Never
 * the source itself. Written once, for this repository and for compiled page statements.
 */
export function automaticPicksSql({ sourceId, sectionId, tagIds, excluded, at, places }: AutomaticPickInput): SQL {
  return sql`
    SELECT c.id, row_number() OVER (ORDER BY c.score DESC, c.publish_at DESC, c.id) AS position
    FROM (
      -- Shared tags are counted for every candidate, so a story found through one tag
      -- still scores for all the tags it shares.
      SELECT u.id, u.publish_at,
        (${TAG_WEIGHT} * (SELECT count(*) FROM article_tags x WHERE x.article_id = u.id AND x.tag_id = ANY(${tagIds}))
          + ${SECTION_WEIGHT} * max(u.same_section))
          / (1 + extract(epoch FROM (${at} - u.publish_at)) / ${HALF_WEIGHT_SECONDS}) AS score
      FROM (
        SELECT recent.id, recent.publish_at, 0 AS same_section
        FROM unnest(${tagIds}) AS shared(tag_id) CROSS JOIN LATERAL (
          -- Newest first from article_tags_tag_live_idx; the join checks the whole public window.
          SELECT a.id, a.publish_at FROM article_tags t JOIN articles a ON a.id = t.article_id
          WHERE t.tag_id = shared.tag_id AND t.article_listed AND t.article_publish_at <= ${at} AND t.article_id <> ${sourceId} AND ${articleLiveAt(at)}
          ORDER BY t.article_publish_at DESC NULLS LAST, t.article_id DESC NULLS LAST LIMIT greatest(${MIN_TAG_CANDIDATES}, ${places} + ${EXTRA_TAG_CANDIDATES})
        ) recent
        UNION ALL
        SELECT recent.id, recent.publish_at, 1 FROM (
          SELECT a.id, a.publish_at FROM articles a
          WHERE a.section_id = ${sectionId} AND a.id <> ${sourceId} AND ${articleLiveAt(at)}
          ORDER BY a.publish_at DESC NULLS LAST, a.id DESC NULLS LAST LIMIT ${SECTION_CANDIDATES}
        ) recent
      ) u
      WHERE NOT (${excluded(sql`u.id`)})
      GROUP BY u.id, u.publish_at
    ) c
    ORDER BY c.score DESC, c.publish_at DESC, c.id
    LIMIT ${places}`
}

/**
 * Up to `places` articles for each source's rail (see `automaticPicksSql`), in one statement,
 * target articles (and their lead images) included. Never the source itself, nor a story in its
 * `exclude` list (its curated targets).
 */
export async function findAutomaticRelated(
  exec: Executor,
  sources: readonly { id: string; exclude: readonly string[] }[],
  at: Date,
  places: number,
): Promise<RelatedCandidate[]> {
  if (sources.length === 0 || places <= 0) return []
  const excluded = sources.flatMap((source) => source.exclude.map((id) => [source.id, id] as const))
  const picks = automaticPicksSql({
    sourceId: sql`src.id`,
    sectionId: sql`src.section_id`,
    tagIds: sql`src.tag_ids`,
    excluded: (candidateId) => sql`EXISTS (SELECT 1 FROM excluded x WHERE x.source_id = src.id AND x.target_id = ${candidateId})`,
    at: sql`${at.toISOString()}::timestamptz`,
    places: intLiteral(places),
  })
  const result = await exec.execute(sql`
    WITH src AS (
      SELECT s.id, s.section_id, array(SELECT st.tag_id FROM article_tags st WHERE st.article_id = s.id) AS tag_ids
      FROM articles s WHERE s.id = ANY(${uuidArray(sources.map((source) => source.id))})
    ),
    excluded AS (
      SELECT * FROM unnest(${uuidArray(excluded.map(([sourceId]) => sourceId))}, ${uuidArray(excluded.map(([, id]) => id))}) AS x(source_id, target_id)
    ),
    picked AS (
      SELECT src.id AS source_id, best.id AS target_id, best.position
      FROM src CROSS JOIN LATERAL (${picks}) best
    )
    SELECT 'AUTOMATIC' AS source, picked.source_id, NULL AS url, NULL AS link_headline, NULL AS link_teaser,
      ${articleColumnsSql}, ${leadImageColumnsSql}
    FROM picked JOIN articles a ON a.id = picked.target_id ${leadImageJoinSql}
    ORDER BY picked.source_id, picked.position`)
  return resultRows(result).map(toCandidate)
}

import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { articleLiveAt } from '../articles/article-visibility.js'
import { resultRows, uuidArray } from '../articles/articles.repository.js'

export interface RelatedCandidate {
  sourceId: string
  source: 'CURATED' | 'AUTOMATIC'
  targetId: string | null
  url: string | null
  headline: string | null
  teaser: string | null
}

// Relevance: a shared tag weighs 2, the same section 1.5; relevance halves for a story 30 days older.
// Inlined as float literals: as parameters, Postgres would infer integer from the context.
const TAG_WEIGHT = sql.raw('2.0::float8')
const SECTION_WEIGHT = sql.raw('1.5::float8')
const HALF_WEIGHT_SECONDS = sql.raw(`${30 * 24 * 3600}.0::float8`)
const SECTION_CANDIDATES = 200

/**
 * The keep-reading rail of many articles in one statement: each source's curated links (live
 * targets or external URLs, in editor order), then up to `automatic` more articles chosen by
 * shared tags and section, weighted by recency at `at`. Never the source itself; curated targets
 * are not repeated by the automatic fill.
 */
export async function findRelatedCandidates(
  exec: Executor,
  sourceIds: readonly string[],
  at: Date,
  automatic: number,
): Promise<RelatedCandidate[]> {
  if (sourceIds.length === 0) return []
  const sources = uuidArray(sourceIds)
  const instant = sql`${at.toISOString()}::timestamptz`
  const result = await exec.execute(sql`
    WITH curated AS (
      SELECT rl.article_id AS source_id, rl.position, rl.target_article_id AS target_id, rl.url, rl.headline, rl.teaser
      FROM related_links rl LEFT JOIN articles a ON a.id = rl.target_article_id
      WHERE rl.article_id = ANY(${sources}) AND rl.deleted_at IS NULL AND (rl.url IS NOT NULL OR ${articleLiveAt(at)})
    ),
    src AS (SELECT s.id, s.section_id FROM articles s WHERE s.id = ANY(${sources})),
    tag_candidates AS (
      SELECT src.id AS source_id, t2.article_id AS target_id, count(*) AS shared_tags
      FROM src JOIN article_tags t1 ON t1.article_id = src.id JOIN article_tags t2 ON t2.tag_id = t1.tag_id
      WHERE t2.article_id <> src.id
      GROUP BY src.id, t2.article_id
    ),
    -- The section's most recent live stories, read from the live-articles index: bounded work
    -- however large the section (older ones would lose on recency anyway).
    section_candidates AS (
      SELECT src.id AS source_id, recent.id AS target_id
      FROM src CROSS JOIN LATERAL (
        SELECT a.id FROM articles a
        WHERE a.section_id = src.section_id AND a.id <> src.id AND ${articleLiveAt(at)}
        ORDER BY a.publish_at DESC NULLS LAST LIMIT ${SECTION_CANDIDATES}
      ) recent
    ),
    candidates AS (
      SELECT coalesce(t.source_id, s.source_id) AS source_id, coalesce(t.target_id, s.target_id) AS target_id,
        coalesce(t.shared_tags, 0) AS shared_tags, (s.target_id IS NOT NULL)::int AS same_section
      FROM tag_candidates t FULL JOIN section_candidates s ON s.source_id = t.source_id AND s.target_id = t.target_id
    ),
    scored AS (
      SELECT c.source_id, a.id AS target_id,
        (${TAG_WEIGHT} * c.shared_tags + ${SECTION_WEIGHT} * c.same_section)
          / (1 + extract(epoch FROM (${instant} - a.publish_at)) / ${HALF_WEIGHT_SECONDS}) AS score,
        a.publish_at
      FROM candidates c JOIN articles a ON a.id = c.target_id
      WHERE ${articleLiveAt(at)}
        AND NOT EXISTS (SELECT 1 FROM curated cu WHERE cu.source_id = c.source_id AND cu.target_id = a.id)
    ),
    ranked AS (
      SELECT source_id, target_id,
        row_number() OVER (PARTITION BY source_id ORDER BY score DESC, publish_at DESC, target_id) AS position
      FROM scored
    )
    SELECT 'CURATED' AS source, source_id, position, target_id, url, headline, teaser FROM curated
    UNION ALL
    SELECT 'AUTOMATIC', source_id, position, target_id, NULL, NULL, NULL FROM ranked WHERE position <= ${automatic}
    ORDER BY source_id, source DESC, position`)
  return resultRows(result).map((raw) => ({
    sourceId: raw.source_id as string,
    source: raw.source as RelatedCandidate['source'],
    targetId: (raw.target_id as string | null) ?? null,
    url: (raw.url as string | null) ?? null,
    headline: (raw.headline as string | null) ?? null,
    teaser: (raw.teaser as string | null) ?? null,
  }))
}

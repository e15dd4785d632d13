import { sql, type SQL } from 'drizzle-orm'
import { articleLiveAt } from '../../../domain/articles/article-visibility.js'
import { automaticPicksSql } from '../../../domain/related/related.repository.js'
import { relatedArgsSchema } from '../../../domain/related/related.service.js'
import { argumentParam } from '../arguments.js'
import { AT } from '../plan-builder.js'
import { col, column, many, one, type FieldContext, type Projection, type TypeProjection } from '../projection.js'

/**
 * The keep-reading rail of the article on `row`, as composeRelated builds it: curated links in
 * editor order (live targets and external URLs), then, only when they hold fewer than `first`
 * articles, the automatic picks; no duplicates (by target, or URL). Rows: grp (0 curated, 1
 * automatic), ord, source, url, link_headline, link_teaser, target_id.
 */
function railSql(row: string, first: SQL): SQL {
  const source = sql.raw(`${row}.id`)
  const picks = automaticPicksSql({
    sourceId: source,
    sectionId: sql.raw(`${row}.section_id`),
    tagIds: sql`array(SELECT st.tag_id FROM article_tags st WHERE st.article_id = ${source})`,
    excluded: (candidateId) => sql`${candidateId} IN (SELECT c.target_id FROM curated c WHERE c.target_id IS NOT NULL)`,
    at: AT,
    places: first,
  })
  // The curated links are read once, for the rail and for deciding whether it needs the fill.
  return sql`WITH curated AS (
      SELECT rl.position AS ord, rl.url, rl.headline AS link_headline, rl.teaser AS link_teaser, rl.target_article_id AS target_id
      FROM related_links rl LEFT JOIN articles a ON a.id = rl.target_article_id
      WHERE rl.article_id = ${source} AND rl.deleted_at IS NULL AND (rl.url IS NOT NULL OR ${articleLiveAt(AT)}) AND ${first} > 0
    )
    SELECT DISTINCT ON (d.key) d.* FROM (
      SELECT 0 AS grp, c.ord, 'CURATED'::text AS source, c.url, c.link_headline, c.link_teaser, c.target_id, coalesce(c.target_id::text, c.url, '') AS key
      FROM curated c
      UNION ALL
      SELECT 1, pick.position, 'AUTOMATIC', NULL, NULL, NULL, pick.id, pick.id::text
      FROM (${picks}) pick
      WHERE (SELECT count(DISTINCT c.target_id) FROM curated c) < ${first}
    ) d
    ORDER BY d.key, d.grp, d.ord`
}

const firstOf = (context: FieldContext): SQL => argumentParam(context, relatedArgsSchema, 'int', (args) => args.first)

/** `related(first)`: the rail's articles only. */
export function railArticles(context: FieldContext): Projection {
  const first = firstOf(context)
  return many(context, 'Article', {
    prefix: 'ra',
    rows: sql`(SELECT ra.*, row_number() OVER (ORDER BY r.grp, r.ord) AS o FROM (${railSql(context.row, first)}) r JOIN articles ra ON ra.id = r.target_id
      ORDER BY r.grp, r.ord LIMIT ${first})`,
  })
}

/** `relatedLinks(first)`: the rail as links, external ones included, with the target's headline and teaser for fallbacks. */
export function railLinks(context: FieldContext): Projection {
  const first = firstOf(context)
  return many(context, 'RelatedLink', {
    prefix: 'rl',
    rows: sql`(SELECT r.*, ra.headline AS target_headline, ra.teaser AS target_teaser, row_number() OVER (ORDER BY r.grp, r.ord) AS o
      FROM (${railSql(context.row, first)}) r LEFT JOIN articles ra ON ra.id = r.target_id
      ORDER BY r.grp, r.ord LIMIT ${first})`,
  })
}

/** RelatedLink as related.service.ts and the RelatedLink resolvers answer it. */
export const relatedLinkProjection: TypeProjection = {
  fields: {
    headline: column((row) => sql`coalesce(${col(row, 'link_headline')}, ${col(row, 'target_headline')}, ${col(row, 'url')}, '')`),
    // The link's own teaser, else the target's stored teaser (not its excerpt).
    teaser: column((row) => sql`coalesce(${col(row, 'link_teaser')}, ${col(row, 'target_teaser')})`),
    url: column((row) => col(row, 'url')),
    source: column((row) => col(row, 'source')),
    article: (context) =>
      one(context, 'Article', {
        prefix: 'ta',
        from: (alias) => sql.raw(`articles ${alias}`),
        where: (alias) => sql.raw(`${alias}.id = ${context.row}.target_id`),
      }),
  },
}

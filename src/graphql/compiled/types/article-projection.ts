import { sql } from 'drizzle-orm'
import { surrogateKeys } from '../../../http-cache/surrogate-keys.js'
import { AT } from '../plan-builder.js'
import { col, column, columnNamed, entityProjection, inline, leaf, many, type FieldContext, type Projection, type TypeProjection } from '../projection.js'
import { isoInstant, nonEmpty } from '../sql-values.js'
import { mediaById } from './media-projections.js'
import { railArticles } from './related-rail.js'
import { sectionById } from './section-projections.js'

const instantField = (name: string) => column((row) => isoInstant(col(row, name)))

/** Article.kicker: "Label | Section" (article-resolvers.ts), the section read from the live tree. */
function kicker({ env, row }: FieldContext): Projection {
  const s = env.plan.alias('ks')
  const sectionName = sql.raw(`(SELECT nullif(${s}.name, '') FROM sections ${s} WHERE ${s}.id = ${row}.section_id AND ${s}.deleted_at IS NULL)`)
  return leaf(sql`nullif(concat_ws(' | ', ${nonEmpty(col(row, 'label'))}, ${sectionName}), '')`)
}

/** Article.status: the status in force at the request's instant (effective-status.ts). */
const status = column((row) => {
  const [stored, publishAt, unpublishAt] = [col(row, 'status'), col(row, 'publish_at'), col(row, 'unpublish_at')]
  return sql`CASE WHEN ${stored} NOT IN ('scheduled', 'published') THEN upper(${stored})
    WHEN ${unpublishAt} IS NOT NULL AND ${unpublishAt} <= ${AT} THEN 'UNPUBLISHED'
    WHEN ${publishAt} IS NOT NULL AND ${publishAt} <= ${AT} THEN 'PUBLISHED' ELSE 'SCHEDULED' END`
})

/**
 * One row of `table` by primary key, not in the trash. A subquery PostgreSQL keeps as it is
 * (OFFSET 0): joined to a page's few bylines or tags it then looks each up by key, where a plain
 * join lets the generic plan hash the whole table for every page.
 */
const byId = (table: string, id: string) => `SELECT x.* FROM ${table} x WHERE x.id = ${id} AND x.deleted_at IS NULL OFFSET 0`

/** Rows of a byline (or author) list: the author's columns plus `byline_role`, in byline order; trashed authors left out. */
function bylineRows(row: string) {
  return sql.raw(`(SELECT au.*, aa.role AS byline_role, row_number() OVER (ORDER BY aa.position) AS o
    FROM article_authors aa CROSS JOIN LATERAL (${byId('authors', 'aa.author_id')}) au WHERE aa.article_id = ${row}.id)`)
}

/**
 * Article fields as the resolvers (article-resolvers.ts, the loaders) answer them, on a row of
 * `articles`. The caller has applied visibility to the row. `given.redirectedFrom` is the
 * former slug the article was found by, for lookups by slug.
 */
export const articleProjection: TypeProjection = entityProjection(surrogateKeys.article, {
  slug: columnNamed('slug'),
  headline: columnNamed('headline'),
  seoTitle: column((row) => sql`coalesce(${col(row, 'seo_title')}, ${col(row, 'headline')})`),
  seoDescription: columnNamed('seo_description'),
  dek: columnNamed('dek'),
  label: columnNamed('label'),
  kicker,
  section: (context) => sectionById(context, 'section_id'),
  authors: (context) => many(context, 'Author', { prefix: 'au', rows: bylineRows(context.row) }),
  bylines: (context) => many(context, 'Byline', { prefix: 'b', rows: bylineRows(context.row) }),
  tags: (context) =>
    many(context, 'Tag', {
      prefix: 't',
      rows: sql.raw(`(SELECT t.*, row_number() OVER (ORDER BY atg.position, t.name) AS o
        FROM article_tags atg CROSS JOIN LATERAL (${byId('tags', 'atg.tag_id')}) t WHERE atg.article_id = ${context.row}.id)`),
    }),
  body: (context) =>
    inline(context, 'RichText', context.row, {
      html: col(context.row, 'body_html'),
      text: col(context.row, 'body_text'),
      words: col(context.row, 'word_count'),
      json: col(context.row, 'body'),
    }),
  // The editor's teaser, else the stored excerpt (the opening paragraphs).
  teaser: ({ row }) => ({
    json: sql`coalesce(${col(row, 'teaser')}, ${col(row, 'excerpt')})`,
    keys: [],
    ok: [sql`(${col(row, 'teaser')} IS NOT NULL OR ${col(row, 'excerpt')} IS NOT NULL)`],
    joins: [],
  }),
  leadImage: (context) => mediaById(context, 'lead_image_id', 'lead_image_caption'),
  publishedAt: instantField('publish_at'),
  firstPublishedAt: instantField('first_published_at'),
  updatedAt: instantField('updated_at'),
  unpublishAt: instantField('unpublish_at'),
  createdAt: instantField('created_at'),
  redirectedFrom: ({ given }) => leaf(given.redirectedFrom ?? sql`NULL::text`),
  status,
  related: (context) => railArticles(context),
})

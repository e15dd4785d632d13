import { sql } from 'drizzle-orm'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import type { ArticleStatus } from '../../db/tables/articles.js'
import { mapJoinedMedia, mediaColumnsSql, type MediaRow } from '../media/media.repository.js'

/** An article as services hand it out (the search vector is never read back). */
export interface ArticleRow {
  id: string
  slug: string
  version: number
  headline: string
  seoTitle: string | null
  seoDescription: string | null
  dek: string | null
  label: string | null
  sectionId: string | null
  body: PortableTextBlock[]
  bodyText: string
  teaser: string | null
  leadImageId: string | null
  leadImageCaption: string | null
  status: ArticleStatus
  publishAt: Date | null
  unpublishAt: Date | null
  firstPublishedAt: Date | null
  createdAt: Date
  updatedAt: Date
  /** Set when the article was found through one of its former slugs. */
  redirectedFrom?: string | undefined
  /**
   * The lead image when the statement that read the article read it too (null: none, or in the
   * trash); undefined when it was not read, and whoever needs it fetches it.
   */
  leadImage?: MediaRow | null | undefined
}

/** The article columns hand-written queries read, unqualified (as UPDATE … RETURNING names them). */
export const articleColumnNames = [
  'id', 'slug', 'version', 'headline', 'seo_title', 'seo_description', 'dek', 'label',
  'section_id', 'body', 'body_text', 'teaser', 'lead_image_id', 'lead_image_caption', 'status',
  'publish_at', 'unpublish_at', 'first_published_at', 'created_at', 'updated_at',
] as const

/** Column list for hand-written article queries; `a` is the articles alias. */
export const articleColumnsSql = sql.raw(articleColumnNames.map((name) => `a.${name}`).join(', '))

/**
 * Reads the lead image in the same statement: add `leadImageColumnsSql` to the columns and
 * `leadImageJoinSql` after `articles a`, then map with `mapPublicArticleRow(raw, { leadImage: true })`.
 * Every page and list shows its articles' images, and one join costs less than one more statement.
 */
export const leadImageColumnsSql = mediaColumnsSql('m')
export const leadImageJoinSql = sql.raw('LEFT JOIN media_assets m ON m.id = a.lead_image_id AND m.deleted_at IS NULL')

/**
 * A row of a public read. Serialised, it is its identity: the id at a version (every write bumps
 * the version). Mercurius keys each loader call by the JSON of the parent object, and what a
 * loader answers for an article depends on nothing else; the whole row, body included, would be
 * stringified (and then collected) once per article field a loader serves.
 */
export function mapPublicArticleRow(raw: Record<string, unknown>, read: { leadImage: boolean }): ArticleRow {
  const row = mapArticleRow(raw)
  if (read.leadImage) row.leadImage = mapJoinedMedia(raw, 'm')
  // Not enumerable: a copy made by spreading is serialised in full again.
  Object.defineProperty(row, 'toJSON', { value: () => ({ article: row.id, version: row.version }) })
  return row
}

// node-postgres hands back Date objects and parsed JSON; PGlite may hand back strings.
const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)))
const toDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value))
const parseJsonColumn = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

export function mapArticleRow(raw: Record<string, unknown>): ArticleRow {
  return {
    id: raw.id as string,
    slug: raw.slug as string,
    version: Number(raw.version),
    headline: raw.headline as string,
    seoTitle: (raw.seo_title as string | null) ?? null,
    seoDescription: (raw.seo_description as string | null) ?? null,
    dek: (raw.dek as string | null) ?? null,
    label: (raw.label as string | null) ?? null,
    sectionId: (raw.section_id as string | null) ?? null,
    body: parseJsonColumn(raw.body) as PortableTextBlock[],
    bodyText: raw.body_text as string,
    teaser: (raw.teaser as string | null) ?? null,
    leadImageId: (raw.lead_image_id as string | null) ?? null,
    leadImageCaption: (raw.lead_image_caption as string | null) ?? null,
    status: raw.status as ArticleStatus,
    publishAt: toDateOrNull(raw.publish_at),
    unpublishAt: toDateOrNull(raw.unpublish_at),
    firstPublishedAt: toDateOrNull(raw.first_published_at),
    createdAt: toDate(raw.created_at),
    updatedAt: toDate(raw.updated_at),
  }
}

export { toDate, toDateOrNull }

import { sql, type SQL } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { PortableTextBlock } from '../../domain/rich-text/portable-text.js'
import { entityColumns, instant, tsvector } from './columns.js'
import { mediaAssets } from './media-assets.js'
import { sections } from './sections.js'

export const articleStatuses = ['draft', 'scheduled', 'published', 'unpublished'] as const
export type ArticleStatus = (typeof articleStatuses)[number]

export const articles = pgTable(
  'articles',
  {
    ...entityColumns(),
    slug: text('slug').notNull(),
    headline: text('headline').notNull(),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    dek: text('dek'),
    label: text('label'),
    sectionId: uuid('section_id').references(() => sections.id, { onDelete: 'restrict' }),
    body: jsonb('body').$type<PortableTextBlock[]>().notNull().default([]),
    // Plain text of `body`, written with it: feeds search, snippets and the text rendition.
    bodyText: text('body_text').notNull().default(''),
    // Renditions of `body`, written with it (and again when an image it embeds changes), so reads
    // never render: sanitised HTML, the automatic teaser (opening paragraphs) and the word count.
    // Null only for rows written before renditions existed, until start-up fills them in.
    bodyHtml: text('body_html'),
    excerpt: text('excerpt'),
    wordCount: integer('word_count'),
    // Media the body embeds (image blocks), so a change to one of them finds the bodies to re-render.
    bodyMediaIds: jsonb('body_media_ids')
      .$type<string[]>()
      .notNull()
      .generatedAlwaysAs((): SQL => sql`jsonb_path_query_array(${articles.body}, '$[*] ? (@._type == "image").mediaId')`),
    teaser: text('teaser'),
    leadImageId: uuid('lead_image_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
    leadImageCaption: text('lead_image_caption'),
    status: text('status', { enum: articleStatuses }).notNull().default('draft'),
    // The public window: visible while publish_at <= instant < unpublish_at (to the second, no cron).
    publishAt: instant('publish_at'),
    unpublishAt: instant('unpublish_at'),
    firstPublishedAt: instant('first_published_at'),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        (): SQL => sql`setweight(to_tsvector('english', coalesce(${articles.headline}, '')), 'A') || setweight(to_tsvector('english', coalesce(${articles.dek}, '')), 'B') || setweight(to_tsvector('english', coalesce(${articles.bodyText}, '')), 'C')`,
      ),
  },
  (t) => [
    uniqueIndex('articles_slug_key').on(t.slug),
    check('articles_status_valid', sql`${t.status} IN ('draft', 'scheduled', 'published', 'unpublished')`),
    check('articles_window_ordered', sql`${t.unpublishAt} IS NULL OR ${t.publishAt} IS NULL OR ${t.unpublishAt} > ${t.publishAt}`),
    check('articles_live_needs_publish_at', sql`${t.status} NOT IN ('scheduled', 'published') OR ${t.publishAt} IS NOT NULL`),
    // Hot path: "live at instant" lists ordered by publish date, site-wide and per section.
    index('articles_live_publish_at_idx').on(t.publishAt.desc(), t.id.desc()).where(sql`${t.status} IN ('scheduled', 'published') AND ${t.deletedAt} IS NULL`),
    index('articles_section_live_idx').on(t.sectionId, t.publishAt.desc(), t.id.desc()).where(sql`${t.status} IN ('scheduled', 'published') AND ${t.deletedAt} IS NULL`),
    index('articles_search_vector_idx').using('gin', t.searchVector),
    index('articles_body_media_ids_idx').using('gin', t.bodyMediaIds),
    index('articles_updated_at_idx').on(t.updatedAt.desc(), t.id.desc()),
    // Start-up's fill of missing renditions finds its rows here (none, once filled) instead of
    // reading every article: at a million that scan outlived the statement timeout.
    index('articles_renditions_missing_idx').on(t.id).where(sql`${t.bodyHtml} IS NULL`),
  ],
)

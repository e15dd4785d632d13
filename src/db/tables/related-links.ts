import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { entityColumns } from './columns.js'

/** An editor's curated "keep reading" entry: an internal article or an external URL. */
export const relatedLinks = pgTable(
  'related_links',
  {
    ...entityColumns(),
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    targetArticleId: uuid('target_article_id').references(() => articles.id, { onDelete: 'cascade' }),
    url: text('url'),
    headline: text('headline'),
    teaser: text('teaser'),
  },
  (t) => [
    uniqueIndex('related_links_article_position_key').on(t.articleId, t.position),
    index('related_links_target_article_id_idx').on(t.targetArticleId),
    check('related_links_one_target', sql`(${t.targetArticleId} IS NULL) <> (${t.url} IS NULL)`),
    check('related_links_not_self', sql`${t.targetArticleId} IS DISTINCT FROM ${t.articleId}`),
    check('related_links_external_needs_headline', sql`${t.url} IS NULL OR ${t.headline} IS NOT NULL`),
  ],
)

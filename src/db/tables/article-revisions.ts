import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { instant } from './columns.js'

/** Immutable full snapshot of an article after each write; `number` equals the article version. */
export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    message: text('message'),
  },
  (t) => [uniqueIndex('article_revisions_article_number_key').on(t.articleId, t.number), index('article_revisions_created_at_idx').on(t.createdAt)],
)

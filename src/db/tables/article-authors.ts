import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { authors } from './authors.js'
import { instant } from './columns.js'

/** Ordered byline: position 0 is the lead author; `role` is the byline verb ("By", "Reporting by"). */
export const articleAuthors = pgTable(
  'article_authors',
  {
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull().references(() => authors.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
    role: text('role').notNull().default('By'),
    // Copies of the article's publish_at and listing state, kept by triggers (migration 0007) as
    // article_tags keeps its own: an author's newest live stories come straight from one index.
    articlePublishAt: instant('article_publish_at'),
    articleListed: boolean('article_listed').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.authorId] }),
    index('article_authors_author_id_idx').on(t.authorId),
    index('article_authors_author_live_idx').on(t.authorId, t.articlePublishAt.desc(), t.articleId.desc()).where(sql`${t.articleListed}`),
  ],
)

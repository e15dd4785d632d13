import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { authors } from './authors.js'

/** Ordered byline: position 0 is the lead author; `role` is the byline verb ("By", "Reporting by"). */
export const articleAuthors = pgTable(
  'article_authors',
  {
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull().references(() => authors.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
    role: text('role').notNull().default('By'),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.authorId] }), index('article_authors_author_id_idx').on(t.authorId)],
)

import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { instant } from './columns.js'

/** An article's former slug: old links keep working after a rename. */
export const slugRedirects = pgTable(
  'slug_redirects',
  {
    fromSlug: text('from_slug').primaryKey(),
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('slug_redirects_article_id_idx').on(t.articleId)],
)

import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { instant } from './columns.js'
import { tags } from './tags.js'

export const articleTags = pgTable(
  'article_tags',
  {
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id').notNull().references(() => tags.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    // Copies of the article's publish_at and of "scheduled or published, not in the trash", kept
    // by triggers (migration 0006) whatever writes the article or its tags. They let a tag's newest
    // live stories come straight from one index, however many stories the tag holds.
    articlePublishAt: instant('article_publish_at'),
    articleListed: boolean('article_listed').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.tagId] }),
    index('article_tags_tag_id_idx').on(t.tagId),
    index('article_tags_tag_live_idx').on(t.tagId, t.articlePublishAt.desc(), t.articleId.desc()).where(sql`${t.articleListed}`),
  ],
)

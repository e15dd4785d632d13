import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { entityColumns } from './columns.js'

export const tags = pgTable(
  'tags',
  {
    ...entityColumns(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
  },
  (t) => [uniqueIndex('tags_slug_key').on(t.slug)],
)

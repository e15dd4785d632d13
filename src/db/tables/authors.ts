import { jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { entityColumns } from './columns.js'
import { mediaAssets } from './media-assets.js'
import type { SocialLink } from './social-link.js'

export const authors = pgTable(
  'authors',
  {
    ...entityColumns(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    roleTitle: text('role_title'),
    bio: text('bio'),
    photoId: uuid('photo_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
    socialLinks: jsonb('social_links').$type<SocialLink[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('authors_slug_key').on(t.slug)],
)

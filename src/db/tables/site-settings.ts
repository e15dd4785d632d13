import { sql } from 'drizzle-orm'
import { check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { instant } from './columns.js'
import type { SocialLink } from './social-link.js'

/** The publication itself: a single row (id = 1). */
export const siteSettings = pgTable(
  'site_settings',
  {
    id: integer('id').primaryKey().default(1),
    name: text('name').notNull(),
    tagline: text('tagline'),
    url: text('url'),
    language: text('language').notNull().default('en'),
    timezone: text('timezone').notNull().default('UTC'),
    socialLinks: jsonb('social_links').$type<SocialLink[]>().notNull().default([]),
    newsletterTitle: text('newsletter_title'),
    newsletterText: text('newsletter_text'),
    newsletterUrl: text('newsletter_url'),
    version: integer('version').notNull().default(1),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [check('site_settings_single_row', sql`${t.id} = 1`)],
)

import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { entityColumns, instant } from './columns.js'

/**
 * An image (or other file) with its licence data. The credit is structured because the
 * publisher is bound by each photo's licence; `credit_line` overrides the rendered line when a
 * provider demands an exact form.
 */
export const mediaAssets = pgTable(
  'media_assets',
  {
    ...entityColumns(),
    url: text('url').notNull(),
    alt: text('alt').notNull().default(''),
    caption: text('caption'),
    width: integer('width'),
    height: integer('height'),
    mimeType: text('mime_type').notNull(),
    creditCreator: text('credit_creator'),
    creditProvider: text('credit_provider'),
    licenceName: text('licence_name'),
    licenceUrl: text('licence_url'),
    licenceExpiresAt: instant('licence_expires_at'),
    creditLine: text('credit_line'),
  },
  (t) => [
    check('media_assets_dimensions_positive', sql`(${t.width} IS NULL OR ${t.width} > 0) AND (${t.height} IS NULL OR ${t.height} > 0)`),
    index('media_assets_created_at_idx').on(t.createdAt),
  ],
)

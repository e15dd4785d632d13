import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import type { PortableTextBlock } from '../../domain/rich-text/portable-text.js'
import { entityColumns, instant } from './columns.js'
import { sections } from './sections.js'

export const promoKinds = ['newsletter', 'appeal', 'cta', 'banner'] as const
export const promoPlacements = ['top', 'after-headline', 'after-body', 'sidebar', 'end'] as const

/**
 * A block placed around the article (donation appeal, newsletter signup, call to action). It
 * exists only while its window is open; with a section it shows only there and below.
 */
export const promoBlocks = pgTable(
  'promo_blocks',
  {
    ...entityColumns(),
    kind: text('kind', { enum: promoKinds }).notNull(),
    placement: text('placement', { enum: promoPlacements }).notNull(),
    title: text('title').notNull(),
    body: jsonb('body').$type<PortableTextBlock[]>().notNull().default([]),
    // Renditions of `body`, written with it (as for articles); null until start-up fills them in.
    bodyHtml: text('body_html'),
    bodyText: text('body_text'),
    wordCount: integer('word_count'),
    linkUrl: text('link_url'),
    linkLabel: text('link_label'),
    startsAt: instant('starts_at'),
    endsAt: instant('ends_at'),
    sectionId: uuid('section_id').references(() => sections.id, { onDelete: 'cascade' }),
    priority: integer('priority').notNull().default(0),
  },
  (t) => [
    check('promo_blocks_kind_valid', sql`${t.kind} IN ('newsletter', 'appeal', 'cta', 'banner')`),
    check('promo_blocks_placement_valid', sql`${t.placement} IN ('top', 'after-headline', 'after-body', 'sidebar', 'end')`),
    check('promo_blocks_window_ordered', sql`${t.endsAt} IS NULL OR ${t.startsAt} IS NULL OR ${t.endsAt} > ${t.startsAt}`),
    index('promo_blocks_window_idx').on(t.startsAt, t.endsAt).where(sql`${t.deletedAt} IS NULL`),
  ],
)

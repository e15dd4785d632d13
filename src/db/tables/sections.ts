import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { entityColumns } from './columns.js'

/**
 * Sections form a tree (Regions → Middle East). A `vertical` is a section with an identity of
 * its own (a sub-brand such as a short-takes strand), shown with its own tagline.
 */
export const sections = pgTable(
  'sections',
  {
    ...entityColumns(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    parentId: uuid('parent_id').references((): AnyPgColumn => sections.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    kind: text('kind', { enum: ['standard', 'vertical'] }).notNull().default('standard'),
    tagline: text('tagline'),
  },
  (t) => [
    uniqueIndex('sections_slug_key').on(t.slug),
    index('sections_parent_id_idx').on(t.parentId, t.position),
    check('sections_not_own_parent', sql`${t.parentId} IS DISTINCT FROM ${t.id}`),
    check('sections_kind_valid', sql`${t.kind} IN ('standard', 'vertical')`),
  ],
)

import { customType, integer, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Postgres full-text vector; only ever written by a generated column. */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector'
  },
})

// Millisecond precision: JavaScript dates (and so keyset cursors) round-trip exactly.
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 })

/** Columns every editable entity shares: identity, optimistic-lock version, timestamps, trash. */
export const entityColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  version: integer('version').notNull().default(1),
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  // Set when moved to trash; the public never sees trashed rows, editors can restore them.
  deletedAt: instant('deleted_at'),
})

export { instant }

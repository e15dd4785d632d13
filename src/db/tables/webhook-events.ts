import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { instant } from './columns.js'

/**
 * The outbox: one row per content change that some endpoint subscribes to, written in the
 * transaction of the change itself. `body` is the exact JSON that is signed and sent, so every
 * retry carries the same bytes; `id` is the webhook-id receivers deduplicate on.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  // For pruning old events by age.
  (t) => [index('webhook_events_created_at_idx').on(t.createdAt)],
)

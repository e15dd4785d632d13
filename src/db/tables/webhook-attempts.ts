import { bigserial, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { instant } from './columns.js'
import { webhookDeliveries } from './webhook-deliveries.js'

/**
 * Every attempt, written when it is claimed and completed when it ends: an attempt whose worker
 * died keeps its row with no outcome, so the history never hides a send that may have happened.
 */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    durationMs: integer('duration_ms'),
    responseStatus: integer('response_status'),
    error: text('error'),
    // The first kilobyte, for debugging a receiver; never more.
    responseBody: text('response_body'),
  },
  (t) => [uniqueIndex('webhook_attempts_delivery_number_key').on(t.deliveryId, t.number)],
)

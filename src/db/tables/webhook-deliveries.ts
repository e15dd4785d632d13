import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { instant } from './columns.js'
import { webhookEndpoints } from './webhook-endpoints.js'
import { webhookEvents } from './webhook-events.js'

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

/**
 * One event on its way to one endpoint. A worker claims a due row by setting `locked_until`
 * (a lease): other workers skip it until the lease ends, so an attempt is never sent twice at
 * once, and a worker that dies mid-send only delays the row until its lease runs out.
 * `attempt_count` numbers the attempts and is raised by the claim itself.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    lockedUntil: instant('locked_until'),
    lastAttemptAt: instant('last_attempt_at'),
    finishedAt: instant('finished_at'),
    // A manual redelivery of a finished delivery is a new delivery that points at the old one.
    redeliveryOf: uuid('redelivery_of').references((): AnyPgColumn => webhookDeliveries.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('webhook_deliveries_status_valid', sql`${t.status} IN ('pending', 'delivered', 'failed')`),
    // What workers poll: only pending rows, in the order they fall due.
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc()),
    index('webhook_deliveries_created_at_idx').on(t.createdAt.desc()),
    index('webhook_deliveries_event_idx').on(t.eventId),
    // Fan-out writes each (event, endpoint) pair once; only redeliveries repeat a pair.
    uniqueIndex('webhook_deliveries_fan_out_key').on(t.eventId, t.endpointId).where(sql`${t.redeliveryOf} IS NULL`),
  ],
)

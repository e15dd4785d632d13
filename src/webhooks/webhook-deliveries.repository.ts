import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/database.js'
import { webhookAttempts } from '../db/tables/webhook-attempts.js'
import { webhookDeliveries, type DeliveryStatus } from '../db/tables/webhook-deliveries.js'
import { webhookEndpoints } from '../db/tables/webhook-endpoints.js'
import { webhookEvents } from '../db/tables/webhook-events.js'
import { resultRows } from '../domain/articles/articles.repository.js'

export interface AttemptRow {
  number: number
  startedAt: Date
  durationMs: number | null
  responseStatus: number | null
  error: string | null
  responseBody: string | null
}

export interface DeliveryRow {
  id: string
  endpointId: string
  eventId: string
  eventType: string
  /** The exact JSON that is signed and sent. */
  body: string
  status: DeliveryStatus
  attemptCount: number
  nextAttemptAt: Date
  lastAttemptAt: Date | null
  finishedAt: Date | null
  redeliveryOf: string | null
  createdAt: Date
  attempts: AttemptRow[]
}

export interface DeliveryFilter {
  ids?: string[]
  endpointId?: string | null | undefined
  status?: DeliveryStatus | null | undefined
  first: number
}

/** Newest first, each with its attempts in order: two statements for any page size. */
export async function listDeliveries(exec: Executor, filter: DeliveryFilter): Promise<DeliveryRow[]> {
  const conditions: SQL[] = []
  if (filter.ids) conditions.push(inArray(webhookDeliveries.id, filter.ids))
  if (filter.endpointId) conditions.push(eq(webhookDeliveries.endpointId, filter.endpointId))
  if (filter.status) conditions.push(eq(webhookDeliveries.status, filter.status))
  const deliveries = await exec
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      eventId: webhookDeliveries.eventId,
      eventType: webhookEvents.type,
      body: webhookEvents.body,
      status: webhookDeliveries.status,
      attemptCount: webhookDeliveries.attemptCount,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      finishedAt: webhookDeliveries.finishedAt,
      redeliveryOf: webhookDeliveries.redeliveryOf,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(filter.first)
  if (deliveries.length === 0) return []
  const attempts = await exec
    .select({
      deliveryId: webhookAttempts.deliveryId,
      number: webhookAttempts.number,
      startedAt: webhookAttempts.startedAt,
      durationMs: webhookAttempts.durationMs,
      responseStatus: webhookAttempts.responseStatus,
      error: webhookAttempts.error,
      responseBody: webhookAttempts.responseBody,
    })
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
    .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.number))
  const byDelivery = new Map<string, AttemptRow[]>()
  for (const { deliveryId, ...attempt } of attempts) byDelivery.set(deliveryId, [...(byDelivery.get(deliveryId) ?? []), attempt])
  return deliveries.map((delivery) => ({ ...delivery, attempts: byDelivery.get(delivery.id) ?? [] }))
}

/** The delivery (locked) and whether its endpoint is enabled, for a redelivery. */
export async function lockDelivery(exec: Executor, id: string): Promise<{ id: string; status: DeliveryStatus; endpointEnabled: boolean } | undefined> {
  const [row] = await exec
    .select({ id: webhookDeliveries.id, status: webhookDeliveries.status, endpointEnabled: webhookEndpoints.enabled })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, id))
    .for('update', { of: webhookDeliveries })
  return row
}

/** A pending delivery waiting out its backoff: due now. */
export async function makeDueNow(exec: Executor, id: string): Promise<void> {
  await exec.update(webhookDeliveries).set({ nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, id))
}

/** A finished delivery sent again: a new delivery of the same event, with a fresh retry schedule. */
export async function insertRedelivery(exec: Executor, id: string): Promise<string> {
  const result = await exec.execute(sql`
    INSERT INTO webhook_deliveries (event_id, endpoint_id, redelivery_of)
    SELECT event_id, endpoint_id, id FROM webhook_deliveries WHERE id = ${id}::uuid
    RETURNING id`)
  const row = resultRows(result)[0]
  if (!row) throw new Error('redelivery insert returned nothing')
  return String(row.id)
}

import { randomUUID } from 'node:crypto'
import { sql, type SQL } from 'drizzle-orm'
import type { ContentEntity, EventType } from './event-types.js'

export interface ContentEvent {
  type: EventType
  at: Date
  entity: { type: ContentEntity; id: string; version: number; slug?: string | null | undefined }
  actor: { name: string; role: string }
  /** Cache keys the change makes stale (http-cache/surrogate-keys.ts builders only). */
  surrogateKeys: string[]
}

/** The JSON every subscriber receives, in the Standard Webhooks shape { type, timestamp, data }. */
export function eventBody(event: ContentEvent): string {
  const { type, id, version, slug } = event.entity
  return JSON.stringify({
    type: event.type,
    timestamp: event.at.toISOString(),
    data: { id, type, version, ...(slug ? { slug } : {}), actor: event.actor },
    surrogateKeys: event.surrogateKeys,
  })
}

/**
 * Writes a content event into the outbox with one delivery per enabled endpoint subscribed to it
 * (all types, the exact type, or `<entity>.*`), as common table expressions for the caller's WITH
 * list (recordChange sends them with the audit entry, in one statement on the write's
 * transaction): the event commits with the change or not at all, and a write costs the same
 * however many endpoints there are. With no subscriber nothing is written.
 */
export function outboxWrites(event: ContentEvent): SQL {
  const entityPart = event.type.slice(0, event.type.indexOf('.'))
  const subscribedTo = `{${event.type},${entityPart}.*}`
  return sql`
    targets AS (
      SELECT id FROM webhook_endpoints
      WHERE enabled AND (cardinality(event_types) = 0 OR event_types && ${subscribedTo}::text[])
    ), event AS (
      INSERT INTO webhook_events (id, type, entity_type, entity_id, body)
      SELECT ${randomUUID()}::uuid, ${event.type}, ${event.entity.type}, ${event.entity.id}, ${eventBody(event)}
      WHERE EXISTS (SELECT 1 FROM targets)
      RETURNING id
    ), deliveries AS (
      INSERT INTO webhook_deliveries (event_id, endpoint_id)
      SELECT event.id, targets.id FROM event CROSS JOIN targets
    )`
}

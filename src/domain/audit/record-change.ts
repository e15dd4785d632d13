import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../db/database.js'
import { purgeNotification } from '../../http-cache/purge-channel.js'
import { eventTypeFor, type ContentAction, type ContentEntity } from '../../webhooks/event-types.js'
import { outboxWrites } from '../../webhooks/outbox.js'
import { auditInsert, type AuditActor } from './audit.repository.js'

export interface ContentChange {
  /** The audit action; it also names the webhook event (webhooks/event-types.ts). */
  action: ContentAction
  entity: { type: ContentEntity; id: string; version: number; slug?: string | null | undefined }
  /** What the audit log keeps about the change. */
  details?: Record<string, unknown>
  /** What a CDN must purge (webhooks/event-keys.ts). */
  surrogateKeys: string[]
  at: Date
}

/**
 * The one hook every content write calls inside its transaction: the audit entry, the webhook
 * event (with its deliveries) and the purge announcement for response caches commit together
 * with the change, or not at all. One statement: the inserts run as data-modifying CTEs (each
 * runs once, referenced or not) and the notification as its result. `alongside` is one more
 * write of the change (an article's revision) that can ride in the same statement.
 */
export async function recordChange(tx: Tx, actor: AuditActor, change: ContentChange, alongside?: SQL): Promise<void> {
  const { type, id } = change.entity
  const event = {
    type: eventTypeFor(change.action),
    at: change.at,
    entity: change.entity,
    actor: { name: actor.actorName, role: actor.actorRole },
    surrogateKeys: change.surrogateKeys,
  }
  const also = alongside ? sql`alongside AS (${alongside}), ` : sql``
  await tx.execute(sql`WITH ${also}audit AS (${auditInsert(tx, actor, change.action, { type, id }, change.details).getSQL()}), ${outboxWrites(event)}
    SELECT ${purgeNotification(change.surrogateKeys)}`)
}

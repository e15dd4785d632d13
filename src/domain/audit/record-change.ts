import type { Tx } from '../../db/database.js'
import { announcePurge } from '../../http-cache/purge-channel.js'
import { eventTypeFor, type ContentAction, type ContentEntity } from '../../webhooks/event-types.js'
import { enqueueEvent } from '../../webhooks/outbox.js'
import { recordAudit, type AuditActor } from './audit.repository.js'

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
 * with the change, or not at all.
 */
export async function recordChange(tx: Tx, actor: AuditActor, change: ContentChange): Promise<void> {
  const { type, id } = change.entity
  await recordAudit(tx, actor, change.action, { type, id }, change.details)
  await enqueueEvent(tx, {
    type: eventTypeFor(change.action),
    at: change.at,
    entity: change.entity,
    actor: { name: actor.actorName, role: actor.actorRole },
    surrogateKeys: change.surrogateKeys,
  })
  await announcePurge(tx, change.surrogateKeys)
}

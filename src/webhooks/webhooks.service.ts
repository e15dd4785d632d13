import { randomUUID } from 'node:crypto'
import { actorOf, requireRole } from '../auth/principal.js'
import { recordAudit } from '../domain/audit/audit.repository.js'
import { parseInput } from '../domain/validation.js'
import type { WriteContext } from '../domain/write-context.js'
import { BadUserInputError, DomainError, NotFoundError } from '../errors.js'
import { generateSigningSecret } from './signing.js'
import type { SecretBox } from './secret-box.js'
import { checkWebhookDestination } from './url-guard.js'
import { insertRedelivery, listDeliveries, lockDelivery, makeDueNow, type DeliveryRow } from './webhook-deliveries.repository.js'
import { deleteEndpoint, insertEndpoint, listEndpoints, rotateEndpointSecret, updateEndpoint, type EndpointRow } from './webhook-endpoints.repository.js'
import { endpointSecretContext, type WebhookSettings } from './webhook-settings.js'
import { createEndpointSchema, deliveriesQuerySchema, deliveryIdArgument, idArgument, updateEndpointSchema } from './webhook.schemas.js'

/**
 * The admins' webhook API: endpoints (URL guarded, secret generated here and shown once) and
 * the delivery log. Every call is validate → authorise → act, like the content services; the
 * changes are audited (as webhook.*, which are not content events themselves).
 */

const DOING = 'Managing webhooks'

export interface EndpointWithSecret {
  endpoint: EndpointRow
  /** Shown once, here; stored only encrypted. */
  secret: string
}

export async function listWebhookEndpoints(context: WriteContext): Promise<EndpointRow[]> {
  requireRole(context.principal, 'admin', DOING)
  return listEndpoints(context.db)
}

export async function createWebhookEndpoint(context: WriteContext, settings: WebhookSettings, rawInput: unknown): Promise<EndpointWithSecret> {
  requireRole(context.principal, 'admin', DOING)
  const actor = actorOf(context.principal)
  const { input } = parseInput(createEndpointSchema, { input: rawInput })
  const secrets = requireSecrets(settings)
  await requireAllowedDestination(input.url, settings)
  const id = randomUUID()
  const secret = generateSigningSecret()
  const endpoint = await context.db.transaction(async (tx) => {
    const created = await insertEndpoint(tx, {
      id,
      ...input,
      secretEncrypted: secrets.seal(secret, endpointSecretContext(id)),
      secretCreatedAt: context.now,
      createdAt: context.now,
      updatedAt: context.now,
      createdBy: actor.actorName,
    })
    await recordAudit(tx, actor, 'webhook.create', { type: 'webhook_endpoint', id }, auditDetails(created))
    return created
  })
  return { endpoint, secret }
}

export async function updateWebhookEndpoint(context: WriteContext, settings: WebhookSettings, rawId: unknown, rawInput: unknown): Promise<EndpointRow> {
  requireRole(context.principal, 'admin', DOING)
  const actor = actorOf(context.principal)
  const { id, input } = parseInput(updateEndpointSchema, { id: rawId, input: rawInput })
  if (input.url !== undefined) await requireAllowedDestination(input.url, settings)
  return context.db.transaction(async (tx) => {
    const updated = await updateEndpoint(tx, id, { ...input, updatedAt: context.now })
    if (!updated) throw new NotFoundError('webhook endpoint', `id ${id}`)
    await recordAudit(tx, actor, 'webhook.update', { type: 'webhook_endpoint', id }, { ...auditDetails(updated), fields: Object.keys(input) })
    return updated
  })
}

/** Deletes the endpoint with its delivery log; anything still pending for it is dropped. */
export async function deleteWebhookEndpoint(context: WriteContext, rawId: unknown): Promise<string> {
  requireRole(context.principal, 'admin', DOING)
  const actor = actorOf(context.principal)
  const { id } = parseInput(idArgument, { id: rawId })
  return context.db.transaction(async (tx) => {
    const deleted = await deleteEndpoint(tx, id)
    if (!deleted) throw new NotFoundError('webhook endpoint', `id ${id}`)
    await recordAudit(tx, actor, 'webhook.delete', { type: 'webhook_endpoint', id }, auditDetails(deleted))
    return id
  })
}

/** A new secret, shown once; the old one keeps signing alongside it for a grace period. */
export async function rotateWebhookSecret(context: WriteContext, settings: WebhookSettings, rawId: unknown): Promise<EndpointWithSecret> {
  requireRole(context.principal, 'admin', DOING)
  const actor = actorOf(context.principal)
  const { id } = parseInput(idArgument, { id: rawId })
  const secrets = requireSecrets(settings)
  const secret = generateSigningSecret()
  const endpoint = await context.db.transaction(async (tx) => {
    const rotated = await rotateEndpointSecret(tx, id, secrets.seal(secret, endpointSecretContext(id)), context.now)
    if (!rotated) throw new NotFoundError('webhook endpoint', `id ${id}`)
    await recordAudit(tx, actor, 'webhook.rotate_secret', { type: 'webhook_endpoint', id })
    return rotated
  })
  return { endpoint, secret }
}

export async function listWebhookDeliveries(context: WriteContext, rawArgs: unknown): Promise<DeliveryRow[]> {
  requireRole(context.principal, 'admin', DOING)
  return listDeliveries(context.db, parseInput(deliveriesQuerySchema, rawArgs))
}

/**
 * Sends an event to its endpoint again. A delivery still pending (waiting out its backoff) is
 * simply made due now; a delivered or failed one gets a new delivery of the same event (same
 * webhook-id, so receivers can deduplicate) with a fresh retry schedule.
 */
export async function redeliverWebhook(context: WriteContext, rawDeliveryId: unknown): Promise<DeliveryRow> {
  requireRole(context.principal, 'admin', DOING)
  const actor = actorOf(context.principal)
  const { deliveryId: id } = parseInput(deliveryIdArgument, { deliveryId: rawDeliveryId })
  const deliveryId = await context.db.transaction(async (tx) => {
    const delivery = await lockDelivery(tx, id)
    if (!delivery) throw new NotFoundError('webhook delivery', `id ${id}`)
    if (!delivery.endpointEnabled) throw BadUserInputError.at(['deliveryId'], 'belongs to a disabled endpoint: enable the endpoint first')
    const target = delivery.status === 'pending' ? (await makeDueNow(tx, id), id) : await insertRedelivery(tx, id)
    await recordAudit(tx, actor, 'webhook.redeliver', { type: 'webhook_delivery', id }, { delivery: target })
    return target
  })
  const [delivery] = await listDeliveries(context.db, { ids: [deliveryId], first: 1 })
  if (!delivery) throw new NotFoundError('webhook delivery', `id ${deliveryId}`)
  return delivery
}

function requireSecrets(settings: WebhookSettings): SecretBox {
  if (settings.secrets) return settings.secrets
  throw new DomainError('SERVICE_UNAVAILABLE', 'Webhook secrets cannot be stored: the server has no SECRETS_KEY (32 random bytes, base64). Set it and restart.')
}

async function requireAllowedDestination(url: string, settings: WebhookSettings): Promise<void> {
  const problem = await checkWebhookDestination(new URL(url), settings.allowPrivateUrls)
  if (problem) throw BadUserInputError.at(['input', 'url'], problem)
}

/** The host only: URLs can carry tokens in their path or query, and the audit log is widely read. */
function auditDetails(endpoint: EndpointRow): Record<string, unknown> {
  return { host: new URL(endpoint.url).host, eventTypes: endpoint.eventTypes, enabled: endpoint.enabled }
}

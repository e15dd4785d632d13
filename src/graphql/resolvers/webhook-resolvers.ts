import type { IResolvers } from 'mercurius'
import type { DeliveryRow } from '../../webhooks/webhook-deliveries.repository.js'
import type { WebhookSettings } from '../../webhooks/webhook-settings.js'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../webhooks/webhooks.service.js'
import { fromEnumName, toEnumName } from '../views/enum-names.js'

type DeliveriesArgs = { endpointId?: string | null; status?: string | null; first?: number | null }

/** Admins' webhook API; the settings (secret encryption, URL policy) come from the configuration. */
export function webhookResolvers(settings: WebhookSettings) {
  return {
    Query: {
      webhookEndpoints: (_root, _args: unknown, { write }) => listWebhookEndpoints(write),
      webhookDeliveries: (_root, { endpointId, status, first }: DeliveriesArgs, { write }) =>
        listWebhookDeliveries(write, { endpointId, status: typeof status === 'string' ? fromEnumName(status) : status, first: first ?? undefined }),
    },
    Mutation: {
      createWebhookEndpoint: (_root, { input }: { input: unknown }, { write }) => createWebhookEndpoint(write, settings, input),
      updateWebhookEndpoint: (_root, { id, input }: { id: string; input: unknown }, { write }) => updateWebhookEndpoint(write, settings, id, input),
      deleteWebhookEndpoint: (_root, { id }: { id: string }, { write }) => deleteWebhookEndpoint(write, id),
      rotateWebhookSecret: (_root, { id }: { id: string }, { write }) => rotateWebhookSecret(write, settings, id),
      redeliverWebhook: (_root, { deliveryId }: { deliveryId: string }, { write }) => redeliverWebhook(write, deliveryId),
    },
    WebhookDelivery: {
      status: (delivery: DeliveryRow) => toEnumName(delivery.status),
      payload: (delivery: DeliveryRow): unknown => JSON.parse(delivery.body),
      nextAttemptAt: (delivery: DeliveryRow) => (delivery.status === 'pending' ? delivery.nextAttemptAt : null),
    },
  } satisfies IResolvers
}

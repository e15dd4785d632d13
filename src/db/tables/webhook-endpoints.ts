import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { instant } from './columns.js'

/**
 * Where content events are sent. The signing secret has to be usable for HMAC, so it cannot be
 * hashed like an API token: it is stored encrypted (AES-256-GCM under SECRETS_KEY, bound to the
 * endpoint's id). After a rotation the previous secret keeps signing for a while, so receivers
 * can switch without dropping a delivery.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  // Empty means every event type.
  eventTypes: text('event_types').array().notNull().default([]),
  enabled: boolean('enabled').notNull().default(true),
  secretEncrypted: text('secret_encrypted').notNull(),
  secretCreatedAt: instant('secret_created_at').notNull().defaultNow(),
  previousSecretEncrypted: text('previous_secret_encrypted'),
  previousSecretExpiresAt: instant('previous_secret_expires_at'),
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  createdBy: text('created_by'),
})

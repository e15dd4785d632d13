import { desc, eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/database.js'
import { webhookEndpoints } from '../db/tables/webhook-endpoints.js'

/** After a rotation the old secret keeps signing this long, so receivers can switch over. */
export const PREVIOUS_SECRET_GRACE = '24 hours'

/** What the API shows of an endpoint: never a secret, encrypted or not. */
const publicColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  secretCreatedAt: webhookEndpoints.secretCreatedAt,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
  createdBy: webhookEndpoints.createdBy,
}

export type EndpointRow = { [K in keyof typeof publicColumns]: (typeof webhookEndpoints.$inferSelect)[K] }

export function listEndpoints(exec: Executor): Promise<EndpointRow[]> {
  return exec.select(publicColumns).from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), webhookEndpoints.id)
}

export async function insertEndpoint(exec: Executor, values: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
  const [row] = await exec.insert(webhookEndpoints).values(values).returning(publicColumns)
  if (!row) throw new Error('endpoint insert returned nothing')
  return row
}

export async function updateEndpoint(exec: Executor, id: string, values: Partial<typeof webhookEndpoints.$inferInsert>): Promise<EndpointRow | undefined> {
  const [row] = await exec.update(webhookEndpoints).set(values).where(eq(webhookEndpoints.id, id)).returning(publicColumns)
  return row
}

/** Its deliveries and their attempts go with it (cascade); events other endpoints share stay. */
export async function deleteEndpoint(exec: Executor, id: string): Promise<EndpointRow | undefined> {
  const [row] = await exec.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning(publicColumns)
  return row
}

/** The new secret signs from now on; the current one becomes the previous one for the grace period. */
export async function rotateEndpointSecret(exec: Executor, id: string, sealedSecret: string, now: Date): Promise<EndpointRow | undefined> {
  const [row] = await exec
    .update(webhookEndpoints)
    .set({
      previousSecretEncrypted: sql`${webhookEndpoints.secretEncrypted}`,
      previousSecretExpiresAt: sql`now() + ${PREVIOUS_SECRET_GRACE}::interval`,
      secretEncrypted: sealedSecret,
      secretCreatedAt: now,
      updatedAt: now,
    })
    .where(eq(webhookEndpoints.id, id))
    .returning(publicColumns)
  return row
}

import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { requireRole } from '../../auth/principal.js'
import { auditEvents } from '../../db/tables/audit-events.js'
import { firstSchema } from '../articles/articles.schemas.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'

const auditFilterSchema = z.object({
  first: firstSchema(50, 500),
  entityType: z.string().max(50).nullish(),
  entityId: z.string().max(100).nullish(),
  actorId: z.string().max(100).nullish(),
  action: z.string().max(100).nullish(),
  since: z.date().nullish(),
  before: z.date().nullish(),
})

/** The audit log, newest first; admins only. */
export async function listAuditEvents(context: Pick<WriteContext, 'db' | 'principal'>, input: unknown) {
  requireRole(context.principal, 'admin', 'Reading the audit log')
  const filter = parseInput(auditFilterSchema, input)
  const conditions: SQL[] = []
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType))
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId))
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId))
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action))
  if (filter.since) conditions.push(gte(auditEvents.at, filter.since))
  if (filter.before) conditions.push(lt(auditEvents.at, filter.before))
  return context.db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(filter.first)
}

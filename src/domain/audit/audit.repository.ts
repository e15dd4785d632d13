import type { Executor } from '../../db/database.js'
import { auditEvents } from '../../db/tables/audit-events.js'

export interface AuditActor {
  actorId: string | null
  actorName: string
  actorRole: string
}

/** Records a write in the same transaction as the write itself. */
export async function recordAudit(
  exec: Executor,
  actor: AuditActor,
  action: string,
  entity: { type: string; id: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  await auditInsert(exec, actor, action, entity, details)
}

/** The insert of recordAudit, unexecuted, for a caller that sends it within a larger statement. */
export function auditInsert(exec: Executor, actor: AuditActor, action: string, entity: { type: string; id: string }, details: Record<string, unknown> = {}) {
  return exec.insert(auditEvents).values({ ...actor, action, entityType: entity.type, entityId: entity.id, details })
}

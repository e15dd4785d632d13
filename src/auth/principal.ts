import type { Role } from '../db/tables/api-tokens.js'
import { DomainError, ForbiddenError } from '../errors.js'

/** Who is asking: the public (no token) or the holder of a token with a role. */
export type Principal =
  | { kind: 'public' }
  | { kind: 'token'; id: string | null; name: string; role: Role }

export const PUBLIC: Principal = { kind: 'public' }

const rank: Record<Role, number> = { preview: 1, contributor: 2, editor: 3, admin: 4 }

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.kind === 'token' && rank[principal.role] >= rank[role]
}

/** Refuses the public with UNAUTHENTICATED and too small a role with FORBIDDEN. */
export function requireRole(principal: Principal, role: Role, doing: string): asserts principal is Extract<Principal, { kind: 'token' }> {
  if (principal.kind === 'public') {
    throw new DomainError('UNAUTHENTICATED', `${doing} needs an API token: send Authorization: Bearer <token>`)
  }
  if (!hasRole(principal, role)) {
    throw new ForbiddenError(`${doing} needs the ${role} role or above; this token has ${principal.role}`)
  }
}

/** Who did it, for revisions, the publication log and the audit log. */
export function actorOf(principal: Extract<Principal, { kind: 'token' }>) {
  return { actorId: principal.id, actorName: principal.name, actorRole: principal.role }
}

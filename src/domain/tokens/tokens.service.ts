import { and, desc, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import { generateToken, hashToken, tokenPrefix } from '../../auth/api-token.js'
import { actorOf, requireRole } from '../../auth/principal.js'
import type { Executor } from '../../db/database.js'
import { apiTokens, roles } from '../../db/tables/api-tokens.js'
import { NotFoundError } from '../../errors.js'
import { recordAudit, type AuditActor } from '../audit/audit.repository.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'

export const createTokenInputSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  role: z.enum(roles),
})

const listColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  createdBy: apiTokens.createdBy,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
}

export type TokenRow = { [K in keyof typeof listColumns]: (typeof apiTokens.$inferSelect)[K] }

/** Creates a token; the secret is in the result and nowhere else, ever. */
export async function issueToken(exec: Executor, actor: AuditActor, input: unknown): Promise<{ token: string; record: TokenRow }> {
  const { name, role } = parseInput(createTokenInputSchema, input)
  const token = generateToken()
  return exec.transaction(async (tx) => {
    const [record] = await tx
      .insert(apiTokens)
      .values({ name, role, tokenHash: hashToken(token), prefix: tokenPrefix(token), createdBy: actor.actorName })
      .returning(listColumns)
    if (!record) throw new Error('token insert returned nothing')
    await recordAudit(tx, actor, 'token.create', { type: 'api_token', id: record.id }, { name, role })
    return { token, record }
  })
}

export async function listTokens(exec: Executor, includeRevoked = false): Promise<TokenRow[]> {
  return exec
    .select(listColumns)
    .from(apiTokens)
    .where(includeRevoked ? undefined : isNull(apiTokens.revokedAt))
    .orderBy(desc(apiTokens.createdAt))
}

/** Revokes by id or by the displayed prefix; revoking takes effect on the next request. */
export async function revokeToken(exec: Executor, actor: AuditActor, idOrPrefix: string): Promise<TokenRow> {
  return exec.transaction(async (tx) => {
    const byId = z.uuid().safeParse(idOrPrefix).success
    const [record] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(byId ? eq(apiTokens.id, idOrPrefix) : eq(apiTokens.prefix, idOrPrefix), isNull(apiTokens.revokedAt)))
      .returning(listColumns)
    if (!record) throw new NotFoundError('active token', idOrPrefix)
    await recordAudit(tx, actor, 'token.revoke', { type: 'api_token', id: record.id }, { name: record.name })
    return record
  })
}

export async function createTokenAsAdmin(context: WriteContext, input: unknown) {
  requireRole(context.principal, 'admin', 'Creating tokens')
  return issueToken(context.db, actorOf(context.principal), input)
}

export async function listTokensAsAdmin(context: WriteContext, includeRevoked: boolean) {
  requireRole(context.principal, 'admin', 'Listing tokens')
  return listTokens(context.db, includeRevoked)
}

export async function revokeTokenAsAdmin(context: WriteContext, id: string) {
  requireRole(context.principal, 'admin', 'Revoking tokens')
  return revokeToken(context.db, actorOf(context.principal), id)
}

/** The operator at a terminal (token CLI, first start), recorded as such in the audit log. */
export const OPERATOR: AuditActor = { actorId: null, actorName: 'operator (CLI)', actorRole: 'admin' }

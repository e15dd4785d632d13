import { sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import type { Role } from '../db/tables/api-tokens.js'
import { resultRows } from '../domain/articles/articles.repository.js'
import { DomainError } from '../errors.js'
import { hashToken, secretsEqual } from './api-token.js'
import { PUBLIC, type Principal } from './principal.js'

export interface AuthenticateOptions {
  db: Db
  /** ADMIN_TOKEN from the environment, when set. */
  adminToken: string | undefined
}

const invalid = () => new DomainError('UNAUTHENTICATED', 'The API token is invalid or revoked')

/**
 * No Authorization header is the public. A header with an unknown, malformed or revoked token
 * is refused, never quietly treated as public: a client with a broken token must find out.
 */
export async function authenticate(header: string | undefined, options: AuthenticateOptions): Promise<Principal> {
  if (header === undefined || header === '') return PUBLIC
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header)
  const token = match?.[1]
  if (!token) throw new DomainError('UNAUTHENTICATED', 'Send the token as Authorization: Bearer <token>')
  if (options.adminToken !== undefined && secretsEqual(token, options.adminToken)) {
    return { kind: 'token', id: null, name: 'ADMIN_TOKEN', role: 'admin' }
  }
  // One statement: find the token and, at most once a minute, note that it was used.
  const result = await options.db.execute(sql`
    WITH found AS (
      SELECT id, name, role, last_used_at FROM api_tokens WHERE token_hash = ${hashToken(token)} AND revoked_at IS NULL
    ), touched AS (
      UPDATE api_tokens SET last_used_at = now() FROM found
      WHERE api_tokens.id = found.id AND (found.last_used_at IS NULL OR found.last_used_at < now() - interval '1 minute')
    )
    SELECT id, name, role FROM found`)
  const row = resultRows(result)[0]
  if (!row) throw invalid()
  return { kind: 'token', id: row.id as string, name: row.name as string, role: row.role as Role }
}

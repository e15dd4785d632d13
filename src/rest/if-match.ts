import type { FastifyRequest } from 'fastify'
import { requireRole } from '../auth/principal.js'
import { VersionConflictError } from '../domain/articles/article-mutation.js'
import { DomainError } from '../errors.js'
import { versionEtag, versionFromIfMatch } from '../http-cache/entity-tag.js'

/**
 * Optimistic locking over HTTP: a change to an existing resource names the version it was made
 * from in If-Match (the ETag its GET returned). The services check versions and throw
 * VersionConflictError; REST speaks HTTP's conditional-request statuses instead of GraphQL's
 * VERSION_CONFLICT: 428 when If-Match is missing, 412 when it is stale. Either way nothing changed.
 */
export async function ifMatching<T>(request: FastifyRequest, doing: string, change: (expectedVersion: number) => Promise<T>): Promise<T> {
  // Who is asking comes before what they sent: the public hears 401, not 428.
  requireRole(request.principal, 'preview', doing)
  const header = request.headers['if-match']
  if (header === undefined || header === '') {
    throw new DomainError('PRECONDITION_REQUIRED', `${doing} needs If-Match: send the ETag of the version you read, e.g. If-Match: "v3"`)
  }
  const expectedVersion = versionFromIfMatch(header)
  try {
    return await change(expectedVersion)
  } catch (error) {
    if (error instanceof VersionConflictError) throw preconditionFailed(error)
    throw error
  }
}

function preconditionFailed(conflict: VersionConflictError): DomainError {
  const { expectedVersion, currentVersion } = conflict.details as { expectedVersion: number; currentVersion: number }
  return new DomainError(
    'PRECONDITION_FAILED',
    `If-Match names version ${expectedVersion}, but it is now at version ${currentVersion} (ETag ${versionEtag(currentVersion)}): read it again, reapply your change and retry. Nothing was changed.`,
    { expectedVersion, currentVersion },
  )
}

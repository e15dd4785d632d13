/**
 * Domain errors carry a stable code (for programs) and a message that says what to fix (for
 * people). One HTTP error handler and one GraphQL error formatter map them; anything that is
 * not a DomainError is an internal error and is reported without details.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'VERSION_CONFLICT'
  // REST's conditional requests: If-Match missing (428) or naming a stale version (412).
  | 'PRECONDITION_REQUIRED'
  | 'PRECONDITION_FAILED'
  | 'RATE_LIMITED'
  // A feature the server is not configured for (webhooks without SECRETS_KEY).
  | 'SERVICE_UNAVAILABLE'
  // The database does not answer (an outage, a failover): retry later.
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'

export const errorStatus: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PRECONDITION_REQUIRED: 428,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
}

export interface FieldProblem {
  /** Path of the offending argument or field, e.g. ["filter", "publishedAfter"]. */
  path: (string | number)[]
  message: string
}

export class DomainError extends Error {
  readonly statusCode: number

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'DomainError'
    this.statusCode = errorStatus[code]
  }
}

export class BadUserInputError extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super('BAD_USER_INPUT', problems.map((p) => `${p.path.join('.') || 'input'}: ${p.message}`).join('; '), {
      problems,
      argument: problems[0]?.path[0],
    })
  }

  static at(path: (string | number)[], message: string): BadUserInputError {
    return new BadUserInputError([{ path, message }])
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, key: string) {
    super('NOT_FOUND', `No ${entity} found for ${key}`, { entity })
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message)
  }
}

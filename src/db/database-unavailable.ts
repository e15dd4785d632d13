import { DomainError } from '../errors.js'

// Socket-level failures, and PostgreSQL's "connection exception" (08xxx) and "operator
// intervention" (57Pxx: shutting down, cannot connect now) classes.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly|the database system is (starting up|shutting down)/i

/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a bad query):
 * such requests are answered 503 with Retry-After, never 500, and the process keeps running.
 * Drizzle wraps driver errors, so the whole `cause` chain is inspected.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))) return true
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true
  }
  return false
}

export const RETRY_AFTER_SECONDS = 5

export class DatabaseUnavailableError extends DomainError {
  constructor() {
    super('DATABASE_UNAVAILABLE', `The database cannot be reached right now; retry in ${RETRY_AFTER_SECONDS} seconds`, { retryAfterSeconds: RETRY_AFTER_SECONDS })
  }
}

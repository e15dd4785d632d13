import type { FastifyBaseLogger } from 'fastify'
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql'
import type { MercuriusContext } from 'mercurius'
import { DatabaseUnavailableError, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/database-unavailable.js'
import { DomainError, errorStatus, type ErrorCode } from '../errors.js'
import { GRAPHQL_RESPONSE_JSON, GraphqlRequestError, METHOD_NOT_ALLOWED_MESSAGE, negotiateMediaType } from './graphql-over-http.js'

/** Refusals before execution: the request itself is wrong. */
const requestErrorStatus: Record<string, number> = {
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COSTLY: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  PERSISTED_QUERY_NOT_SUPPORTED: 400,
  PERSISTED_QUERY_HASH_MISMATCH: 400,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
}

/**
 * Mercurius's own refusals, as stable codes. The two persisted-query messages are the protocol
 * (Apollo clients match on them), so they are kept word for word.
 */
const mercuriusErrors: Record<string, { code: string; message: string }> = {
  MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND: { code: 'PERSISTED_QUERY_NOT_FOUND', message: 'PersistedQueryNotFound' },
  MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED: { code: 'PERSISTED_QUERY_NOT_SUPPORTED', message: 'PersistedQueryNotSupported' },
  MER_ERR_GQL_PERSISTED_QUERY_MISMATCH: {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent: hash the exact query text (UTF-8, lowercase hex)',
  },
  MER_ERR_METHOD_NOT_ALLOWED: { code: 'METHOD_NOT_ALLOWED', message: METHOD_NOT_ALLOWED_MESSAGE },
}

/**
 * Every GraphQL error leaves with a stable `extensions.code`. Domain errors keep their message
 * (it says what to fix); anything unexpected is logged with its stack and reported as
 * INTERNAL_SERVER_ERROR without details.
 *
 * Status codes. A request error (nothing was executed: bad parameters, syntax, validation,
 * variables, limits, persisted-query misses) is a 4xx whatever the media type. With
 * application/graphql-response+json that is what the GraphQL over HTTP spec asks; with
 * application/json the spec recommends 200, and we deliberately answer 4xx there too — bad input
 * is a 4xx with a stable code everywhere in this API, so CDNs, logs and alerting see failures as
 * failures. An execution with data is a 200 (errors are partial). An execution that failed as a
 * whole (data null) gets the status of its domain error (403, 404…), as the REST API does.
 */
export function formatGraphqlErrors(execution: ExecutionResult & { statusCode?: number }, context: MercuriusContext) {
  const log: FastifyBaseLogger = context.reply.log
  const flat = execution.errors?.flatMap(unwrapValidation) ?? []
  const errors = flat.map((error) => formatOne(error, log))
  const firstCode = errors[0]?.extensions?.code
  const code = typeof firstCode === 'string' ? firstCode : undefined
  // Mercurius hands over an execution result (with `data`, maybe null) or only the errors of a request it refused.
  const executed = 'data' in execution
  // Any part that could not reach the database makes the whole response a 503: the client should
  // retry it as a whole rather than render a page with holes.
  const databaseDown = errors.some((error) => error.extensions?.code === 'DATABASE_UNAVAILABLE')
  const statusCode = databaseDown ? 503 : execution.data ? 200 : (execution.statusCode ?? statusFor(code, executed))
  if (statusCode === 405) context.reply.header('allow', 'POST')
  if (databaseDown) context.reply.header('retry-after', String(RETRY_AFTER_SECONDS))
  // A request error has no `data` at all (GraphQL spec, "Response"). application/json clients have
  // long been sent `data: null`, so they keep it.
  const modern = negotiateMediaType(context.reply.request.headers.accept) === GRAPHQL_RESPONSE_JSON
  const response: FormattedExecutionResult = !executed && modern ? { errors } : { data: execution.data ?? null, errors }
  return { statusCode, response }
}

function statusFor(code: string | undefined, executed: boolean): number {
  if (code && code in requestErrorStatus) return requestErrorStatus[code] ?? 400
  if (code && code in errorStatus) return errorStatus[code as ErrorCode]
  return executed ? 200 : 400
}

/** Mercurius wraps all validation errors of a document in one error (and we do, for limits); report each. */
function unwrapValidation(error: GraphQLError): GraphQLError[] {
  const original = error.originalError as { errors?: unknown; code?: unknown } | undefined
  if (typeof original?.code === 'string' && original.code in mercuriusErrors) return [error]
  const inner = original?.errors
  return Array.isArray(inner) ? inner.map((e) => (e instanceof GraphQLError ? e : new GraphQLError((e as Error).message, { originalError: e as Error }))) : [error]
}

function isTransportError(error: Error | undefined): boolean {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown }
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof code === 'string'
}

/** Checked after every known kind of error: what is left was thrown by a bug or a failing dependency. */
function isInternal(error: GraphQLError): boolean {
  const original = error.originalError
  return original !== undefined && !(original instanceof GraphQLError)
}

function formatOne(error: GraphQLError, log: FastifyBaseLogger): GraphQLFormattedError {
  const original = error.originalError
  const base = { message: error.message, ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) }
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } }
  }
  if (original instanceof GraphQLError && original.extensions.code) {
    return { ...base, extensions: { ...original.extensions } }
  }
  if (original instanceof GraphqlRequestError) {
    return { ...base, extensions: { code: original.code } }
  }
  const mercurius = mercuriusErrors[String((original as { code?: unknown } | undefined)?.code)]
  if (mercurius) {
    return { message: mercurius.message, extensions: { code: mercurius.code } }
  }
  if (isTransportError(original)) {
    // Not a GraphQL request at all (malformed JSON, no query, too large): say so, with Fastify's message.
    return { ...base, extensions: { code: (original as { statusCode?: number }).statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }
  }
  if (isDatabaseUnavailable(original)) {
    log.warn({ err: original, path: error.path }, 'database unavailable')
    const unavailable = new DatabaseUnavailableError()
    return { ...base, message: unavailable.message, extensions: { code: unavailable.code, ...unavailable.details } }
  }
  if (isInternal(error)) {
    log.error({ err: original, path: error.path }, error.path ? 'resolver failed' : 'GraphQL request failed')
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
  }
  // graphql-jit (documents seen twice run compiled) reports bad variables with errors of its own
  // that may have no `extensions` at all.
  if (error.extensions?.code) return { ...base, extensions: { ...error.extensions } }
  // Errors of the document itself: syntax, unknown fields, wrong argument types.
  const code = /^Syntax Error/.test(error.message)
    ? 'GRAPHQL_PARSE_FAILED'
    : /^Variable "\$/.test(error.message)
      ? 'BAD_USER_INPUT'
      : 'GRAPHQL_VALIDATION_FAILED'
  return { ...base, extensions: { code } }
}

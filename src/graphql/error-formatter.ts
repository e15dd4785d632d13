import type { FastifyBaseLogger } from 'fastify'
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql'
import type { MercuriusContext } from 'mercurius'
import { DomainError, errorStatus, type ErrorCode } from '../errors.js'

/**
 * Every GraphQL error leaves with a stable `extensions.code`. Domain errors keep their message
 * (it says what to fix); anything unexpected is logged with its stack and reported as
 * INTERNAL_SERVER_ERROR without details.
 */
export function formatGraphqlErrors(execution: ExecutionResult & { statusCode?: number }, context: MercuriusContext) {
  const log: FastifyBaseLogger = context.reply.log
  const flat = execution.errors?.flatMap(unwrapValidation) ?? []
  const errors = flat.map((error) => formatOne(error, log))
  // With data, errors are partial and the response is a 200. Without any, the request failed
  // as a whole: its status says why (400 bad input, 403, 404…), as for the REST API.
  const firstCode = errors[0]?.extensions?.code
  const statusCode = execution.data ? 200 : (execution.statusCode ?? statusForCode(typeof firstCode === 'string' ? firstCode : undefined))
  return { statusCode, response: { data: execution.data ?? null, errors } }
}

function statusForCode(code: string | undefined): number {
  if (code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_REQUEST' || code === 'QUERY_TOO_DEEP') return 400
  return code && code in errorStatus ? errorStatus[code as ErrorCode] : 200
}

/** Mercurius wraps all validation errors of a document in one error; report each. */
function unwrapValidation(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors
  return Array.isArray(inner) ? inner.map((e) => (e instanceof GraphQLError ? e : new GraphQLError((e as Error).message))) : [error]
}

function isTransportError(error: Error | undefined): boolean {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown }
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof code === 'string'
}

function isInternal(error: GraphQLError | undefined): boolean {
  const original = error?.originalError
  return original !== undefined && !(original instanceof DomainError) && !(original instanceof GraphQLError) && error?.path !== undefined
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
  if (isTransportError(original)) {
    // Not a GraphQL request at all (malformed JSON, no query): say so, with Fastify's message.
    return { ...base, extensions: { code: 'BAD_REQUEST' } }
  }
  if (isInternal(error)) {
    log.error({ err: original, path: error.path }, 'resolver failed')
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
  }
  if (error.extensions.code) return { ...base, extensions: { ...error.extensions } }
  // Errors of the document itself: syntax, unknown fields, wrong argument types.
  const code = /^Syntax Error/.test(error.message)
    ? 'GRAPHQL_PARSE_FAILED'
    : /^Variable "\$/.test(error.message)
      ? 'BAD_USER_INPUT'
      : 'GRAPHQL_VALIDATION_FAILED'
  return { ...base, extensions: { code } }
}

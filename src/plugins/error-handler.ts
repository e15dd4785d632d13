import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { DatabaseUnavailableError, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/database-unavailable.js'
import { BadUserInputError, DomainError, type FieldProblem } from '../errors.js'

type ValidationError = FastifyError & { validation: NonNullable<FastifyError['validation']> }

const isValidationError = (error: FastifyError | DomainError): error is ValidationError => !(error instanceof DomainError) && Array.isArray(error.validation)

/**
 * A route schema's refusal, as the problems of a BAD_USER_INPUT: each path starts where the value
 * was sent (`query`, `body`, `params`, `headers`), e.g. ['query', 'first'] or ['body', 'authors', 0].
 */
function validationProblems(error: ValidationError): FieldProblem[] {
  const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request')
  return error.validation.map((issue) => {
    const pointer = issue.instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    const missing = typeof issue.params.missingProperty === 'string' ? [issue.params.missingProperty] : []
    const path = [...pointer, ...missing].filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part))
    return { path: [where, ...path], message: issue.message ?? 'is not valid' }
  })
}

/** The HTTP error shape: a stable code, a message that says what to fix, never a stack. */
export const errorHandlerPlugin = fp(
  (app: FastifyInstance, _options: unknown, done: () => void) => {
    app.setErrorHandler((thrown: FastifyError | DomainError, request, reply) => {
      const error = isValidationError(thrown)
        ? new BadUserInputError(validationProblems(thrown))
        : isDatabaseUnavailable(thrown)
          ? new DatabaseUnavailableError()
          : thrown
      if (error instanceof DatabaseUnavailableError) {
        request.log.warn({ err: thrown }, 'database unavailable')
        reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      }
      if (error instanceof DomainError) {
        return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message, ...error.details } })
      }
      const status = error.statusCode ?? 500
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed')
        return reply.status(500).send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } })
      }
      // Fastify's own 4xx (malformed JSON, body too large…): keep its message, give it a code.
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : error.code || 'BAD_REQUEST'
      return reply.status(status).send({ error: { code, message: status === 413 ? `${error.message}: the limit is ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0} bytes` : error.message } })
    })
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}` } }),
    )
    done()
  },
  { name: 'error-handler' },
)

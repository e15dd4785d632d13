import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { DomainError } from '../errors.js'

/** The HTTP error shape: a stable code, a message that says what to fix, never a stack. */
export const errorHandlerPlugin = fp(
  (app: FastifyInstance, _options: unknown, done: () => void) => {
    app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
      if (error instanceof DomainError) {
        return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message, ...error.details } })
      }
      const status = error.statusCode ?? 500
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed')
        return reply.status(500).send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } })
      }
      // Fastify's own 4xx (malformed JSON, body too large…): keep its message, give it a code.
      return reply.status(status).send({ error: { code: error.code || 'BAD_REQUEST', message: error.message } })
    })
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}` } }),
    )
    done()
  },
  { name: 'error-handler' },
)

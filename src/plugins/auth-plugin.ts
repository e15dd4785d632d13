import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { authenticate } from '../auth/authenticate.js'
import type { Principal } from '../auth/principal.js'
import type { Db } from '../db/database.js'
import { DomainError } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; the public unless a valid token was sent. */
    principal: Principal
  }
}

export interface AuthPluginOptions {
  db: Db
  adminToken: string | undefined
}

/**
 * Resolves the bearer token of every request before any handler runs. An invalid or revoked
 * token is answered 401 here: GraphQL-shaped on /graphql, the REST error shape elsewhere.
 */
export const authPlugin = fp(
  (app: FastifyInstance, options: AuthPluginOptions, done: () => void) => {
    // Fastify 5 wants a null default for per-request objects; the hook sets it on every request.
    app.decorateRequest('principal', null as never)
    app.addHook('onRequest', async (request, reply) => {
      try {
        request.principal = await authenticate(request.headers.authorization, options)
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        reply.header('www-authenticate', 'Bearer')
        const body = request.url.startsWith('/graphql')
          ? { data: null, errors: [{ message: error.message, extensions: { code: error.code } }] }
          : { error: { code: error.code, message: error.message } }
        return reply.status(error.statusCode).send(body)
      }
    })
    done()
  },
  { name: 'auth', dependencies: ['database'] },
)

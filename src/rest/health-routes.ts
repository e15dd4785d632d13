import type { FastifyInstance } from 'fastify'

/** Liveness says the process runs; readiness says it can serve (the database answers). */
export function healthRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  // Probes must see the live state, never a cached one, and are never rate limited.
  app.addHook('onRequest', (_request, reply, next) => {
    reply.header('cache-control', 'no-store')
    next()
  })
  app.get('/healthz', { config: { rateLimit: false } }, () => ({ status: 'ok' }))
  app.get('/readyz', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      await app.database.ping()
      return { status: 'ready', database: app.database.kind }
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable')
      return reply.status(503).header('retry-after', '5').send({ status: 'unavailable', error: { code: 'DATABASE_UNAVAILABLE', message: 'The database does not answer' } })
    }
  })
  done()
}

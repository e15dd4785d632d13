import type { FastifyInstance } from 'fastify'
import { OVERLOADED_RETRY_AFTER_SECONDS } from '../plugins/load-shedding-plugin.js'

/**
 * Liveness says the process runs; readiness says it can serve (the database answers, and it is
 * not overloaded). Neither is ever shed: an overloaded instance must not be restarted as dead,
 * and its readiness is how a balancer learns to send the traffic elsewhere for a while.
 */
export function healthRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  // Probes must see the live state, never a cached one, and are never rate limited.
  app.addHook('onRequest', (_request, reply, next) => {
    reply.header('cache-control', 'no-store')
    next()
  })
  const probe = { rateLimit: false, loadShedding: false }
  app.get('/healthz', { config: probe }, () => ({ status: 'ok' }))
  app.get('/readyz', { config: probe }, async (request, reply) => {
    if (app.hasDecorator('overloaded') && app.overloaded()) {
      return reply
        .status(503)
        .header('retry-after', String(OVERLOADED_RETRY_AFTER_SECONDS))
        .send({ status: 'overloaded', error: { code: 'OVERLOADED', message: 'The server is overloaded; it sheds requests until the pressure ends' } })
    }
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

import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from '../db/database.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
  }
}

// A request still running after this long on shutdown is abandoned rather than awaited forever.
const DRAIN_LIMIT_MS = 15_000

/**
 * Shares one open database with the app and closes it after the last request. Fastify 5 runs
 * onClose hooks once its HTTP server has closed, but requests it did not receive through that
 * server (app.inject, as tests and REST-over-GraphQL use) can still be running; the hook waits
 * for every request it counted, since closing the pool under one would fail it.
 */
export const databasePlugin = fp(
  (app: FastifyInstance, options: { database: Database }, done: () => void) => {
    app.decorate('database', options.database)
    let inFlight = 0
    let drained: (() => void) | undefined
    app.addHook('onRequest', (_request, _reply, next) => {
      inFlight++
      next()
    })
    const finished = () => {
      inFlight--
      if (inFlight === 0) drained?.()
    }
    app.addHook('onResponse', (_request, _reply, next) => {
      finished()
      next()
    })
    app.addHook('onRequestAbort', (_request, next) => {
      finished()
      next()
    })
    app.addHook('onClose', async () => {
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve
          setTimeout(resolve, DRAIN_LIMIT_MS).unref()
        })
      }
      await options.database.close()
    })
    done()
  },
  { name: 'database' },
)

import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from '../db/database.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
  }
}

/** Shares one open database with the app and closes it after the last request. */
export const databasePlugin = fp(
  (app: FastifyInstance, options: { database: Database }, done: () => void) => {
    app.decorate('database', options.database)
    app.addHook('onClose', async () => {
      await options.database.close()
    })
    done()
  },
  { name: 'database' },
)

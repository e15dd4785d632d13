import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { Database } from '../../src/db/database.js'
import { openTestDatabase } from './test-database.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface TestApp {
  app: FastifyInstance
  database: Database
  /** POST /graphql; returns the HTTP status and the parsed body. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>>
  /** Runs `fn` and reports how many SQL statements it sent. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>
}

export interface GraphqlResponse<T> {
  status: number
  data: T
  errors?: { message: string; path?: (string | number)[]; extensions: { code: string; [key: string]: unknown } }[]
}

/**
 * The real app on a fresh database, closed (and the database dropped) when the test ends.
 * The response cache is off unless a test turns it on: fixtures write straight to the tables,
 * past the write path that purges it. So is the webhook worker: its polling would count in
 * statement counts; webhook tests turn it on and drive it through app.webhooks. So is load
 * shedding: on a busy CI machine (and on PGlite, whose queries run on the event loop) it would
 * refuse requests that tests of other things need answered; its own test turns it on.
 */
export async function buildTestApp(t: Teardown, env: Record<string, string> = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase()
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'false', WEBHOOK_DELIVERY: 'false', LOAD_SHEDDING: 'false', ...env }), database, logger: false })
  t.teardown(async () => {
    await app.close()
    await drop()
  })
  return {
    app,
    database,
    async graphql(query: string, variables?: Record<string, unknown>) {
      const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })
      return { status: response.statusCode, ...response.json<Omit<GraphqlResponse<never>, 'status'>>() }
    },
    async countStatements<T>(fn: () => Promise<T>) {
      const before = database.statements.total
      const result = await fn()
      return { result, statements: database.statements.total - before }
    },
  }
}

import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/database.js'
import type { Role } from '../../src/db/tables/api-tokens.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { clientsByRole } from '../helpers/editor-client.js'

export interface RestResponse<T = Record<string, unknown>> {
  status: number
  headers: Record<string, string | undefined>
  /** The parsed JSON body (undefined for an empty one). */
  body: T
}

export interface RestOptions {
  body?: unknown
  ifMatch?: string
  ifNoneMatch?: string
  headers?: Record<string, string>
}

export type RestCall = <T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options?: RestOptions) => Promise<RestResponse<T>>

export interface RestError {
  error: { code: string; message: string; problems?: { path: (string | number)[]; message: string }[]; currentVersion?: number; expectedVersion?: number }
}

/** Calls the REST API as the public and as a fresh token of each role. */
export async function restClients(app: FastifyInstance, database: Database): Promise<Record<Role | 'public', RestCall>> {
  const clientFor =
    (token: string | undefined): RestCall =>
    async (method, url, options = {}) => {
      const headers: Record<string, string> = { ...options.headers }
      if (token) headers.authorization = `Bearer ${token}`
      if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch
      if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch
      const response = await app.inject({ method, url, headers, ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }) })
      const text = response.body
      return {
        status: response.statusCode,
        headers: Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, value === undefined ? undefined : String(value)])),
        body: (text === '' ? undefined : JSON.parse(text)) as never,
      }
    }
  return clientsByRole(database, 'rest test', clientFor)
}

/** One row straight from the database, to check what a request did (or did not) change. */
export async function row(database: Database, query: ReturnType<typeof sql>): Promise<Record<string, unknown> | undefined> {
  return resultRows(await database.db.execute(query))[0]
}

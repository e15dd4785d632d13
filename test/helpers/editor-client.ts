import type { FastifyInstance } from 'fastify'
import type { Role } from '../../src/db/tables/api-tokens.js'
import type { Database } from '../../src/db/database.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import type { GraphqlResponse } from './test-app.js'

export type AsRole = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse<T>>

/** A GraphQL client holding a fresh token of each role. */
export async function editorClients(app: FastifyInstance, database: Database): Promise<Record<Role | 'public', AsRole>> {
  const clientFor = (token: string | undefined): AsRole => async (query, variables) => {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: { query, variables },
    })
    return { status: response.statusCode, ...response.json<Record<string, unknown>>() } as never
  }
  return clientsByRole(database, 'test', clientFor)
}

/** One client per role, each with a token of its own, and one for the public (no token). */
export async function clientsByRole<Client>(database: Database, label: string, clientFor: (token: string | undefined) => Client): Promise<Record<Role | 'public', Client>> {
  const tokenOf = async (role: Role) => (await issueToken(database.db, OPERATOR, { name: `${role} ${label}`, role })).token
  return {
    admin: clientFor(await tokenOf('admin')),
    editor: clientFor(await tokenOf('editor')),
    contributor: clientFor(await tokenOf('contributor')),
    preview: clientFor(await tokenOf('preview')),
    public: clientFor(undefined),
  }
}

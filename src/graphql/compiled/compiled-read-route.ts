import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CompiledReads } from './compiled-reads.js'

interface GraphqlParameters {
  query?: unknown
  operationName?: unknown
  variables?: unknown
  extensions?: unknown
}

/** The request's variables as an object: JSON text in a URL (checked by checkGraphqlParameters), an object in a body. */
function variablesOf(value: unknown): Record<string, unknown> | null | undefined {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown> | null
  return value as Record<string, unknown> | null | undefined
}

/**
 * Route hook (preHandler) of the GraphQL route: answers the request from its compiled plan when
 * it has one that can, exactly as Mercurius would have (`{"data":…}`, the same headers and cache
 * tags); otherwise leaves it to Mercurius. It runs after authentication, rate limiting and the
 * response cache, so everything around execution stays as it is.
 */
export function answerFromCompiledPlan(reads: () => CompiledReads | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const compiled = reads()
    if (!compiled || request.validationError) return undefined
    const parameters = (request.method === 'POST' ? request.body : request.query) as GraphqlParameters | null
    // Persisted queries (a hash to look up or register) stay with Mercurius, which keeps their store.
    if (typeof parameters?.query !== 'string' || parameters.extensions !== undefined) return undefined
    const operationName = typeof parameters.operationName === 'string' ? parameters.operationName : undefined
    const plan = compiled.planFor(parameters.query, operationName)
    if (!plan) return undefined
    const answer = await compiled.run(plan, variablesOf(parameters.variables), new Date())
    if (!answer) return undefined
    for (const key of answer.keys) request.cacheTags.add(key)
    request.graphqlCacheable = true
    return reply.type('application/json; charset=utf-8').send(`{"data":${answer.data}}`)
  }
}

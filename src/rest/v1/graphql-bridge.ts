import type { FastifyReply, FastifyRequest } from 'fastify'
import type { GraphQLFormattedError } from 'graphql'
import type { Db } from '../../db/database.js'
import { BadUserInputError, DomainError, errorStatus, NotFoundError, type ErrorCode, type FieldProblem } from '../../errors.js'
import { buildContextFactory, type GraphqlContext } from '../../graphql/context.js'

/**
 * Design decision: REST reads run fixed GraphQL documents through Mercurius in-process
 * (`reply.graphql`) instead of calling the read services. This bends "a REST route calls the
 * service" (ARCHITECTURE.md, rule 2) for a clearer result: the two APIs share resolvers,
 * services, batching loaders, visibility rules and surrogate-key tagging (cache-tagging.ts adds
 * keys to request.cacheTags as fields resolve), so a list of 50 costs what GraphQL's does and
 * cannot show the public anything GraphQL would not. Writes do call the services directly.
 */
export interface GraphqlBridge {
  /** The GraphQL context for this request: its read scope, clock and write context. */
  contextOf(request: FastifyRequest, reply: FastifyReply): GraphqlContext
  /**
   * Runs a document and returns its data, or throws the first GraphQL error as the REST error
   * it stands for (extensions.code → status).
   */
  run<T>(request: FastifyRequest, reply: FastifyReply, document: string, variables: Record<string, unknown>): Promise<T>
}

export function graphqlBridge(db: Db): GraphqlBridge {
  const contextOf = buildContextFactory(db)
  return {
    contextOf,
    async run<T>(request: FastifyRequest, reply: FastifyReply, document: string, variables: Record<string, unknown>): Promise<T> {
      const defined = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined))
      const compiled = await runCompiled(request, document, defined)
      if (compiled !== undefined) return compiled as T
      let result: Awaited<ReturnType<FastifyReply['graphql']>>
      try {
        result = await reply.graphql(document, { ...contextOf(request, reply) }, defined)
      } catch (error) {
        // Mercurius throws only when the document or its variables are refused; the route
        // schemas validate every variable first, so this is a bug here, not the caller's.
        request.log.error({ err: error }, 'REST document refused by GraphQL')
        throw new Error('REST document refused by GraphQL', { cause: error })
      }
      const [first] = result.errors ?? []
      if (first) throw restError(first)
      return result.data as T
    },
  }
}

/**
 * The document's data from the compiled read path (one statement), with its surrogate keys added
 * to the response, or undefined when that path cannot answer it and Mercurius must.
 */
async function runCompiled(request: FastifyRequest, document: string, variables: Record<string, unknown>): Promise<unknown> {
  const reads = request.server.compiledReads
  const plan = reads?.planFor(document)
  if (!reads || !plan) return undefined
  const answer = await reads.run(plan, variables, new Date())
  if (!answer) return undefined
  for (const key of answer.keys) request.cacheTags.add(key)
  return JSON.parse(answer.data) as unknown
}

/** A GraphQL error (already through the error formatter) as the REST error it stands for. */
function restError(error: GraphQLFormattedError): Error {
  const { code, ...details } = error.extensions ?? {}
  if (typeof code !== 'string' || !(code in errorStatus) || code === 'INTERNAL_SERVER_ERROR') {
    return new Error(`GraphQL error in a REST read: ${error.message}`)
  }
  if (code === 'BAD_USER_INPUT' && Array.isArray(details.problems)) {
    return new BadUserInputError(details.problems as FieldProblem[])
  }
  return new DomainError(code as ErrorCode, error.message, details)
}

/** Reads that find nothing answer 404, as GraphQL's null does. */
export function found<T>(value: T | null | undefined, entity: string, key: string): T {
  if (value === null || value === undefined) throw new NotFoundError(entity, key)
  return value
}

import type { FastifyInstance } from 'fastify'
import { validate } from 'graphql'
import mercurius, { type MercuriusLoaders } from 'mercurius'
import type { Database, Db } from '../db/database.js'
import { tagResponsesWithSurrogateKeys } from './cache-tagging.js'
import { answerFromCompiledPlan } from './compiled/compiled-read-route.js'
import { CompiledReads } from './compiled/compiled-reads.js'
import { buildContextFactory } from './context.js'
import { costLimit } from './cost-limit.js'
import { formatGraphqlErrors } from './error-formatter.js'
import { checkGraphqlParameters, refuseUnsafeOperationsOnSafeMethods, setGraphqlContentType } from './graphql-over-http.js'
import { loadSchemaSdl } from './load-schema.js'
import { articleLoaders } from './loaders/article-loaders.js'
import { ownerLoaders } from './loaders/owner-loaders.js'
import { richTextLoaders } from './loaders/rich-text-loaders.js'
import { sectionLoaders } from './loaders/section-loaders.js'
import { articlePageResolvers } from './resolvers/article-page-resolvers.js'
import { articleResolvers } from './resolvers/article-resolvers.js'
import { contentResolvers } from './resolvers/content-resolvers.js'
import { entityMutationResolvers } from './resolvers/entity-mutation-resolvers.js'
import { mutationResolvers } from './resolvers/mutation-resolvers.js'
import { queryResolvers } from './resolvers/query-resolvers.js'
import { webhookResolvers } from './resolvers/webhook-resolvers.js'
import type { WebhookSettings } from '../webhooks/webhook-settings.js'
import { depthLimit } from './depth-limit.js'
import { automaticPersistedQueries } from './persisted-queries.js'
import { DateTime, JSONScalar } from './scalars.js'

const GRAPHQL_PATH = '/graphql'

export interface GraphqlOptions {
  db: Db
  /** For the compiled read path's statements. */
  database: Pick<Database, 'query'>
  /** Answer the queries that compile to one statement with it (see compiled/compiled-reads.ts). */
  compiledReads: boolean
  graphiql: boolean
  /** Deepest nesting a document may have (QUERY_TOO_DEEP). */
  maxDepth: number
  /** Highest cost an operation may have, page sizes included (QUERY_TOO_COSTLY). */
  maxCost: number
  /** Secret encryption and URL policy for the admins' webhook API. */
  webhooks: WebhookSettings
}

export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions): Promise<void> {
  const webhooks = webhookResolvers(options.webhooks)
  // Made once Mercurius has built the schema; the route hook reads it from here.
  let compiledReads: CompiledReads | undefined
  await app.register(mercurius, {
    schema: loadSchemaSdl(),
    resolvers: {
      DateTime,
      JSON: JSONScalar,
      ...queryResolvers,
      Query: { ...queryResolvers.Query, ...mutationResolvers.Query, ...webhooks.Query },
      Mutation: { ...mutationResolvers.Mutation, ...entityMutationResolvers.Mutation, ...webhooks.Mutation },
      WebhookDelivery: webhooks.WebhookDelivery,
      ApiToken: mutationResolvers.ApiToken,
      ...articleResolvers,
      ...articlePageResolvers,
      ...contentResolvers,
    } as never,
    loaders: mergeLoaders(articleLoaders, ownerLoaders, richTextLoaders, sectionLoaders),
    context: buildContextFactory(options.db),
    errorFormatter: formatGraphqlErrors,
    graphiql: options.graphiql,
    persistedQueryProvider: automaticPersistedQueries({ maxEntries: 1000, maxQueryLength: 64 * 1024 }),
    additionalRouteOptions: { preValidation: checkGraphqlParameters, preHandler: answerFromCompiledPlan(() => compiledReads), onSend: setGraphqlContentType },
    path: GRAPHQL_PATH,
    // A document seen twice is compiled to JavaScript (graphql-jit): pages are the same few documents.
    jit: 2,
  })
  // The limits run per request, just before execution, rather than as Mercurius validationRules:
  // the cost depends on the variables, and Mercurius caches validation verdicts by document text.
  // They apply to the documents clients send to /graphql only: REST reads run fixed documents of
  // their own (reply.graphql), with page sizes bounded by their route schemas.
  app.graphql.addHook('preExecution', (schema, document, context, variables) => {
    const request = context.reply?.request
    if (request?.routeOptions.url !== GRAPHQL_PATH) return Promise.resolve()
    refuseUnsafeOperationsOnSafeMethods(request, document)
    const errors = validate(schema, document, [depthLimit(options.maxDepth), costLimit(options.maxCost, variables ?? {})])
    // Thrown, not returned: returned errors would let execution go ahead.
    if (errors.length > 0) throw new AggregateError(errors, errors[0]?.message)
    return Promise.resolve()
  })
  tagResponsesWithSurrogateKeys(app.graphql.schema)
  if (options.compiledReads) {
    compiledReads = new CompiledReads({
      schema: app.graphql.schema,
      database: options.database,
      maxDepth: options.maxDepth,
      maxCost: options.maxCost,
      onPlanFailure: (error) => {
        app.log.warn({ err: error }, 'a compiled read failed; its document goes through the resolvers from now on')
      },
    })
  }
  app.decorate('compiledReads', compiledReads ?? null)
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The compiled read path (null when turned off); REST reads use it too. */
    compiledReads: CompiledReads | null
  }
}

/** Loaders for one type may come from several files. */
function mergeLoaders(...groups: MercuriusLoaders[]): MercuriusLoaders {
  const merged: MercuriusLoaders = {}
  for (const group of groups) {
    for (const [type, fields] of Object.entries(group)) merged[type] = { ...merged[type], ...fields }
  }
  return merged
}

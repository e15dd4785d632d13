import type { FastifyInstance } from 'fastify'
import mercurius, { type MercuriusLoaders } from 'mercurius'
import type { Db } from '../db/database.js'
import { tagResponsesWithSurrogateKeys } from './cache-tagging.js'
import { buildContextFactory } from './context.js'
import { formatGraphqlErrors } from './error-formatter.js'
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
import { depthLimit } from './depth-limit.js'
import { DateTime, JSONScalar } from './scalars.js'

export const MAX_QUERY_DEPTH = 12

export interface GraphqlOptions {
  db: Db
  graphiql: boolean
}

export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions): Promise<void> {
  await app.register(mercurius, {
    schema: loadSchemaSdl(),
    resolvers: {
      DateTime,
      JSON: JSONScalar,
      ...queryResolvers,
      Query: { ...queryResolvers.Query, ...mutationResolvers.Query },
      Mutation: { ...mutationResolvers.Mutation, ...entityMutationResolvers.Mutation },
      ApiToken: mutationResolvers.ApiToken,
      ...articleResolvers,
      ...articlePageResolvers,
      ...contentResolvers,
    } as never,
    loaders: mergeLoaders(articleLoaders, ownerLoaders, richTextLoaders, sectionLoaders),
    context: buildContextFactory(options.db),
    errorFormatter: formatGraphqlErrors,
    graphiql: options.graphiql,
    // Depth guards against pathological nesting (cost limits arrive with the abuse-limits work).
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    path: '/graphql',
  })
  tagResponsesWithSurrogateKeys(app.graphql.schema)
}

/** Loaders for one type may come from several files. */
function mergeLoaders(...groups: MercuriusLoaders[]): MercuriusLoaders {
  const merged: MercuriusLoaders = {}
  for (const group of groups) {
    for (const [type, fields] of Object.entries(group)) merged[type] = { ...merged[type], ...fields }
  }
  return merged
}

import type { FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Db } from '../../db/database.js'
import { articlePageRoutes } from './article-page-routes.js'
import { articleRoutes } from './article-routes.js'
import { articleWorkflowRoutes } from './article-workflow-routes.js'
import { graphqlBridge } from './graphql-bridge.js'
import { mediaRoutes } from './media-routes.js'
import { locateProblems } from './problem-paths.js'
import { promoRoutes } from './promo-routes.js'
import { relatedLinkRoutes } from './related-link-routes.js'
import { searchRoutes } from './search-routes.js'
import { siteRoutes } from './site-routes.js'
import { taxonomyRoutes } from './taxonomy-routes.js'

export interface V1Options {
  db: Db
}

/**
 * The REST API, version 1. The zod compilers are set here, not on the app, so only these routes
 * validate and serialize with zod; GraphQL and the health probes keep theirs.
 */
export function v1Routes(instance: FastifyInstance, options: V1Options, done: () => void): void {
  instance.setValidatorCompiler(validatorCompiler)
  instance.setSerializerCompiler(serializerCompiler)
  // Problems are reported where the caller sent the value; the app's handler then shapes the error.
  instance.setErrorHandler((error, request) => {
    throw locateProblems(error, request)
  })
  const app = instance.withTypeProvider<ZodTypeProvider>()
  const bridge = graphqlBridge(options.db)
  articleRoutes(app, bridge)
  articleWorkflowRoutes(app, bridge)
  relatedLinkRoutes(app, bridge)
  articlePageRoutes(app, bridge)
  searchRoutes(app, bridge)
  taxonomyRoutes(app, bridge)
  mediaRoutes(app, bridge)
  promoRoutes(app, bridge)
  siteRoutes(app, bridge)
  done()
}

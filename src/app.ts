import { randomUUID } from 'node:crypto'
import cors from '@fastify/cors'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import type { Database } from './db/database.js'
import { registerGraphql } from './graphql/register-graphql.js'
import { authPlugin } from './plugins/auth-plugin.js'
import { databasePlugin } from './plugins/database-plugin.js'
import { errorHandlerPlugin } from './plugins/error-handler.js'
import { httpCachePlugin } from './plugins/http-cache-plugin.js'
import { loadSheddingPlugin } from './plugins/load-shedding-plugin.js'
import { rateLimitPlugin } from './plugins/rate-limit-plugin.js'
import { responseCachePlugin } from './plugins/response-cache-plugin.js'
import { securityHeadersPlugin } from './plugins/security-headers-plugin.js'
import { webhookWorkerPlugin } from './plugins/webhook-worker-plugin.js'
import { answerFrameworkError, MAX_PARAM_LENGTH } from './rest/framework-errors.js'
import { healthRoutes } from './rest/health-routes.js'
import { restApi } from './rest/rest-api.js'
import { webhookSettingsFromConfig } from './webhooks/webhook-settings.js'

export interface AppOptions {
  config: Config
  /** An open, migrated database; the app closes it on close. */
  database: Database
  logger?: FastifyServerOptions['logger']
}

/** Builds the whole app (tests build the same one). Registration order is the table of contents. */
export async function buildApp({ config, database, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Tokens never reach the logs: the header is redacted wherever a request is logged.
    logger: logger ?? {
      level: config.LOG_LEVEL,
      redact: ['authorization', 'cookie', 'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', 'token', '*.token'],
    },
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID()
    },
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // A request that reaches us after shutdown began (on a keep-alive connection, before the
    // listener closes) is served, with Connection: close; the database closes only after it. A
    // 503 there would be a failed request for any client, retrying or not.
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  await app.register(errorHandlerPlugin)
  await app.register(databasePlugin, { database })
  await app.register(securityHeadersPlugin)
  await app.register(loadSheddingPlugin, config)
  // CORS is closed unless origins are configured.
  // REST edits use PATCH and DELETE, and a browser editor must read the ETag it sends back in If-Match.
  await app.register(cors, {
    origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS,
    methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: ['ETag', 'Location', 'Link'],
  })
  // Before auth, so responses refused by auth still get their cache headers.
  await app.register(httpCachePlugin, config)
  await app.register(authPlugin, { db: database.db, adminToken: config.ADMIN_TOKEN })
  await app.register(rateLimitPlugin, config)
  await app.register(healthRoutes)
  const webhooks = webhookSettingsFromConfig(config)
  await registerGraphql(app, { db: database.db, database, compiledReads: config.GRAPHQL_COMPILED_READS, graphiql: config.GRAPHIQL, maxDepth: config.GRAPHQL_MAX_DEPTH, maxCost: config.GRAPHQL_MAX_COST, webhooks })
  // After GraphQL: REST reads run GraphQL documents through it (reply.graphql).
  await app.register(restApi, { db: database.db })
  await app.register(responseCachePlugin, { config, database })
  if (config.WEBHOOK_DELIVERY) await app.register(webhookWorkerPlugin, { config, settings: webhooks })
  return app
}

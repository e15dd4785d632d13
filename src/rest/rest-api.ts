import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/database.js'
import { openapiOptions } from './openapi.js'
import { v1Routes } from './v1/v1-routes.js'

export interface RestApiOptions {
  db: Db
}

/** The REST API under /v1, its OpenAPI 3.1 description at /openapi.json and Swagger UI at /docs. */
export async function restApi(app: FastifyInstance, options: RestApiOptions): Promise<void> {
  // Registered in this scope, so the document describes the routes registered below it.
  await app.register(swagger, openapiOptions)
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger())
  await app.register(v1Routes, { prefix: '/v1', db: options.db })
}

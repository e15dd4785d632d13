import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { createEntity, purgeEntity, restoreEntity, trashEntity, updateEntity, type EntitySpec } from '../../domain/entities/versioned-entity.js'
import { versionEtag } from '../../http-cache/entity-tag.js'
import { ifMatching } from '../if-match.js'
import type { GraphqlBridge } from './graphql-bridge.js'
import { jsonInput } from './json-input.js'
import { created, emptyResponse, tokenRequired, versionedResponse, type RestApp } from './route-kit.js'
import { changeErrors, createErrors, flag, headerDocs, idParams, ifMatchHeaders } from './schemas/common.js'

export interface EntityWrites<Row extends { id: string; version: number }> {
  /** Collection path under /v1, e.g. "/sections". */
  path: string
  /** Type name in operation ids, e.g. "Section" → createSection. */
  type: string
  tag: string
  spec: EntitySpec<Row>
  /** Fields that are GraphQL enums (sent as SCREAMING_SNAKE, stored kebab-case). */
  enumFields?: readonly string[]
  /** The representation the GET of one returns. */
  schema: z.ZodType<{ id: string; version: number }>
  /** Reads one as its GET does, with the caller's token; what every write answers with. */
  reread: (request: FastifyRequest, reply: FastifyReply, id: string) => Promise<{ id: string; version: number }>
  /** Who may create, change and trash (the services enforce it; this is for the documentation). */
  roles: string
}

/**
 * Create, change, trash, restore and purge for an entity spec, calling the same service
 * methods as GraphQL's create/update/delete/restore/purge<Type> mutations.
 */
export function entityWriteRoutes<Row extends { id: string; version: number }>(app: RestApp, bridge: GraphqlBridge, entity: EntityWrites<Row>): void {
  const { path, type, spec } = entity
  const tags = [entity.tag]
  const name = spec.name
  const write = (request: FastifyRequest, reply: FastifyReply) => bridge.contextOf(request, reply).write

  app.post(path, {
    schema: {
      operationId: `create${type}`,
      tags,
      summary: `Creates a ${name} (${entity.roles})`,
      security: tokenRequired,
      body: jsonInput(spec.createSchema, { enumFields: entity.enumFields }),
      response: { 201: versionedResponse(entity.schema, `The new ${name}`, { location: headerDocs.location }), ...createErrors },
    },
    handler: async (request, reply) => {
      const row = await createEntity(write(request, reply), spec, request.body)
      return created(reply, `${app.prefix}${path}/${row.id}`, await entity.reread(request, reply, row.id))
    },
  })

  app.patch(`${path}/:id`, {
    schema: {
      operationId: `update${type}`,
      tags,
      summary: `Changes the fields given of a ${name} (${entity.roles})`,
      description: 'Needs If-Match with the ETag you read; `null` clears an optional field.',
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      body: jsonInput(spec.updateSchema, { enumFields: entity.enumFields }),
      response: { 200: versionedResponse(entity.schema, `The ${name} after the change`), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      await ifMatching(request, `Editing a ${name}`, (version) => updateEntity(write(request, reply), spec, id, version, request.body))
      return entity.reread(request, reply, id)
    },
  })

  app.delete(`${path}/:id`, {
    schema: {
      operationId: `delete${type}`,
      tags,
      summary: `Moves a ${name} to the trash; with purge=true deletes a trashed one for good (admin)`,
      description: `Needs If-Match. The trashed version's ETag comes back: restore with POST /v1${path}/{id}/restore, or purge, with it.`,
      security: tokenRequired,
      params: idParams,
      querystring: z.object({ purge: flag.optional().describe(`Delete for good (admin; the ${name} must be in the trash and nothing may refer to it)`) }),
      headers: ifMatchHeaders,
      response: { 204: emptyResponse('Moved to the trash (ETag: its trashed version), or purged', { etag: headerDocs.etag }), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      if (request.query.purge) {
        await ifMatching(request, `Purging a ${name}`, (version) => purgeEntity(write(request, reply), spec, id, version))
      } else {
        const trashed = await ifMatching(request, `Deleting a ${name}`, (version) => trashEntity(write(request, reply), spec, id, version))
        reply.header('etag', versionEtag(trashed.version))
      }
      return reply.code(204).send()
    },
  })

  app.post(`${path}/:id/restore`, {
    schema: {
      operationId: `restore${type}`,
      tags,
      summary: `Brings a trashed ${name} back; If-Match is the ETag DELETE returned`,
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      response: { 200: versionedResponse(entity.schema, `The restored ${name}`), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      await ifMatching(request, `Restoring a ${name}`, (version) => restoreEntity(write(request, reply), spec, id, version))
      return entity.reread(request, reply, id)
    },
  })
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { mediaSpec } from '../../domain/media/media-writes.js'
import { mediaDocuments } from './documents/media-documents.js'
import { entityWriteRoutes } from './entity-write-routes.js'
import { found, type GraphqlBridge } from './graphql-bridge.js'
import { notModified, optionalToken, versionedResponse, withVersionEtag, type RestApp } from './route-kit.js'
import { idParams, readErrors } from './schemas/common.js'
import { imageSchema } from './schemas/representations.js'

type ImageView = z.output<typeof imageSchema>

export function mediaRoutes(app: RestApp, bridge: GraphqlBridge): void {
  const readOne = async (request: FastifyRequest, reply: FastifyReply, id: string) => {
    const data = await bridge.run<{ media: ImageView | null }>(request, reply, mediaDocuments.one, { id })
    return withVersionEtag(reply, found(data.media, 'media', `id ${id}`))
  }

  app.get('/media/:id', {
    schema: {
      operationId: 'getMedia',
      tags: ['Media'],
      summary: 'One media asset with its credit and licence',
      security: optionalToken,
      params: idParams,
      response: { 200: versionedResponse(imageSchema, 'The media asset'), ...notModified, ...readErrors },
    },
    handler: (request, reply) => readOne(request, reply, request.params.id),
  })

  entityWriteRoutes(app, bridge, {
    path: '/media',
    type: 'Media',
    tag: 'Media',
    spec: mediaSpec,
    schema: imageSchema,
    roles: 'contributor and up; trashing needs editor',
    reread: readOne,
  })
}

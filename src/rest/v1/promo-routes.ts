import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { promoPlacements } from '../../db/tables/promo-blocks.js'
import { promoSpec } from '../../domain/promos/promo-writes.js'
import { toEnumName } from '../../graphql/views/enum-names.js'
import { promoDocuments } from './documents/promo-documents.js'
import { entityWriteRoutes } from './entity-write-routes.js'
import { found, type GraphqlBridge } from './graphql-bridge.js'
import { contentResponse, notModified, optionalToken, versionedResponse, withVersionEtag, type RestApp } from './route-kit.js'
import { idParams, previewQuery, readErrors, slugSchema } from './schemas/common.js'
import { promoSchema } from './schemas/representations.js'

type PromoView = z.output<typeof promoSchema>
const tags = ['Promos']

export function promoRoutes(app: RestApp, bridge: GraphqlBridge): void {
  const readOne = async (request: FastifyRequest, reply: FastifyReply, id: string, preview: boolean | undefined) => {
    const data = await bridge.run<{ promo: PromoView | null }>(request, reply, promoDocuments.one, { id, preview })
    return withVersionEtag(reply, found(data.promo, 'promo', `id ${id}`))
  }

  app.get('/promos', {
    schema: {
      operationId: 'listPromos',
      tags,
      summary: 'Promo blocks open now, optionally for one placement and the section a page belongs to',
      security: optionalToken,
      querystring: z.object({
        placement: z.enum(promoPlacements.map(toEnumName) as [string, ...string[]]).optional().describe('Only this placement'),
        section: slugSchema.optional().describe("Section slug of the page: its promos and its parents' are included"),
      }),
      response: { 200: contentResponse(z.array(promoSchema), 'The open promos'), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => (await bridge.run<{ promos: PromoView[] }>(request, reply, promoDocuments.open, request.query)).promos,
  })

  app.get('/promos/:id', {
    schema: {
      operationId: 'getPromo',
      tags,
      summary: 'One promo block while its window is open (in any window with preview)',
      security: optionalToken,
      params: idParams,
      querystring: previewQuery,
      response: { 200: versionedResponse(promoSchema, 'The promo'), ...notModified, ...readErrors },
    },
    handler: (request, reply) => readOne(request, reply, request.params.id, request.query.preview),
  })

  entityWriteRoutes(app, bridge, {
    path: '/promos',
    type: 'Promo',
    tag: 'Promos',
    spec: promoSpec,
    enumFields: ['kind', 'placement'],
    schema: promoSchema,
    roles: 'editor and up',
    // Writers see their promo whatever its window.
    reread: (request, reply, id) => readOne(request, reply, id, true),
  })
}

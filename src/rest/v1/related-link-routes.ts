import { z } from 'zod'
import { relatedLinkSchema } from '../../domain/articles/article-write.schemas.js'
import { addRelatedLink, relatedLinkPositionSchema, removeRelatedLink, updateRelatedLink } from '../../domain/related/related-link-writes.service.js'
import { ifMatching } from '../if-match.js'
import { rereadArticle } from './article-routes.js'
import type { GraphqlBridge } from './graphql-bridge.js'
import { tokenRequired, versionedResponse, type RestApp } from './route-kit.js'
import { changeErrors, idParams, ifMatchHeaders } from './schemas/common.js'
import { articleSchema } from './schemas/representations.js'

const tags = ['Related links']

const positionParams = idParams.extend({
  position: z.coerce.number().pipe(relatedLinkPositionSchema).describe("The link's place in the curated list, 0 first"),
})

const changedArticle = versionedResponse(articleSchema, 'The article, whose version the change bumped')

/**
 * Curated links belong to their article: each change takes the article's If-Match, bumps its
 * version and becomes one of its revisions, so every answer is the article with its new ETag.
 */
export function relatedLinkRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.post('/articles/:id/related-links', {
    schema: {
      operationId: 'addRelatedLink',
      tags,
      summary: 'Adds a curated link (an article, or an external URL with a headline) at `position`, default last',
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      body: z.object({ link: relatedLinkSchema, position: relatedLinkPositionSchema.optional() }),
      response: { 200: changedArticle, ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      const { link, position } = request.body
      await ifMatching(request, 'Adding a related link', (version) => addRelatedLink(bridge.contextOf(request, reply).write, id, version, link, position))
      return rereadArticle(bridge, request, reply, id)
    },
  })

  app.patch('/articles/:id/related-links/:position', {
    schema: {
      operationId: 'updateRelatedLink',
      tags,
      summary: 'Replaces the curated link at `position`',
      security: tokenRequired,
      params: positionParams,
      headers: ifMatchHeaders,
      body: relatedLinkSchema,
      response: { 200: changedArticle, ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id, position } = request.params
      await ifMatching(request, 'Changing a related link', (version) => updateRelatedLink(bridge.contextOf(request, reply).write, id, version, position, request.body))
      return rereadArticle(bridge, request, reply, id)
    },
  })

  app.delete('/articles/:id/related-links/:position', {
    schema: {
      operationId: 'removeRelatedLink',
      tags,
      summary: 'Removes the curated link at `position`',
      security: tokenRequired,
      params: positionParams,
      headers: ifMatchHeaders,
      response: { 200: changedArticle, ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id, position } = request.params
      await ifMatching(request, 'Removing a related link', (version) => removeRelatedLink(bridge.contextOf(request, reply).write, id, version, position))
      return rereadArticle(bridge, request, reply, id)
    },
  })
}

import { z } from 'zod'
import { publicationTimeSchema, publishArticle, unpublishArticle } from '../../domain/articles/article-workflow.service.js'
import { restoreArticleFromTrash } from '../../domain/articles/article-writes.service.js'
import { restoreArticleRevision } from '../../domain/revisions/revisions.service.js'
import { ifMatching } from '../if-match.js'
import { rereadArticle } from './article-routes.js'
import type { GraphqlBridge } from './graphql-bridge.js'
import { jsonInput } from './json-input.js'
import { tokenRequired, versionedResponse, type RestApp } from './route-kit.js'
import { changeErrors, idParams, ifMatchHeaders } from './schemas/common.js'
import { articleSchema } from './schemas/representations.js'

const tags = ['Article workflow']

/** The body is optional: no body, `{}` or no `at` means now (Fastify hands a missing body over as null). */
const publicationTime = jsonInput(publicationTimeSchema).nullish()

/** State changes of an existing article: each needs If-Match and answers with the article and its new ETag. */
export function articleWorkflowRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.post('/articles/:id/publish', {
    schema: {
      operationId: 'publishArticle',
      tags,
      summary: 'Publishes now, or schedules when `at` is in the future (editor and up)',
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      body: publicationTime,
      response: { 200: versionedResponse(articleSchema, 'The published or scheduled article'), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      await ifMatching(request, 'Publishing an article', (version) => publishArticle(bridge.contextOf(request, reply).write, id, version, request.body?.at))
      return rereadArticle(bridge, request, reply, id)
    },
  })

  app.post('/articles/:id/unpublish', {
    schema: {
      operationId: 'unpublishArticle',
      tags,
      summary: 'Unpublishes now, or sets an expiry when `at` is in the future (editor and up)',
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      body: publicationTime,
      response: { 200: versionedResponse(articleSchema, 'The unpublished (or expiring) article'), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      await ifMatching(request, 'Unpublishing an article', (version) => unpublishArticle(bridge.contextOf(request, reply).write, id, version, request.body?.at))
      return rereadArticle(bridge, request, reply, id)
    },
  })

  app.post('/articles/:id/restore', {
    schema: {
      operationId: 'restoreArticle',
      tags,
      summary: 'Brings a trashed article back (editor and up); If-Match is the ETag DELETE returned',
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      response: { 200: versionedResponse(articleSchema, 'The restored article'), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      await ifMatching(request, 'Restoring an article', (version) => restoreArticleFromTrash(bridge.contextOf(request, reply).write, id, version))
      return rereadArticle(bridge, request, reply, id)
    },
  })

  app.post('/articles/:id/revisions/:revision/restore', {
    schema: {
      operationId: 'restoreArticleRevision',
      tags,
      summary: "Brings back an old revision's content as a new revision; publication state is unchanged",
      security: tokenRequired,
      params: idParams.extend({ revision: z.coerce.number().int().min(1).max(2_147_483_647).describe('Revision number (1 is the first save)') }),
      headers: ifMatchHeaders,
      response: { 200: versionedResponse(articleSchema, 'The article with the old content as its newest revision'), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id, revision } = request.params
      await ifMatching(request, 'Restoring a revision', (version) => restoreArticleRevision(bridge.contextOf(request, reply).write, id, revision, version))
      return rereadArticle(bridge, request, reply, id)
    },
  })
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { createArticle, purgeArticle, trashArticle, updateArticle } from '../../domain/articles/article-writes.service.js'
import { createArticleInputSchema, updateArticleInputSchema } from '../../domain/articles/article-write.schemas.js'
import { versionEtag } from '../../http-cache/entity-tag.js'
import { ifMatching } from '../if-match.js'
import { articleDocuments, type ArticleBySlug } from './documents/article-documents.js'
import { found, type GraphqlBridge } from './graphql-bridge.js'
import { jsonInput } from './json-input.js'
import { linkNextPage } from './paging.js'
import { created, emptyResponse, contentResponse, notModified, optionalToken, tokenRequired, versionedResponse, withVersionEtag, type RestApp } from './route-kit.js'
import {
  changeErrors,
  createErrors,
  flag,
  headerDocs,
  idParams,
  ifMatchHeaders,
  instant,
  orderQuery,
  pageQuery,
  previewQuery,
  readErrors,
  slugParams,
  slugSchema,
} from './schemas/common.js'
import { articleListSchema, articleSchema, articleSummarySchema, type ArticleView } from './schemas/representations.js'

const tags = ['Articles']

const listQuery = z.object({
  ...pageQuery.shape,
  ...orderQuery.shape,
  section: slugSchema.optional().describe('Section slug; includes its subsections'),
  tag: slugSchema.optional().describe('Tag slug'),
  author: slugSchema.optional().describe('Author slug'),
  label: z.string().min(1).max(100).optional().describe('Kind of piece: Analysis, Opinion, News…'),
  publishedAfter: instant.optional().describe('Published at or after this instant (ISO 8601)'),
  publishedBefore: instant.optional().describe('Published before this instant (ISO 8601)'),
})

/** The article as its author sees it (drafts included): what every article write answers with. */
export function rereadArticle(bridge: GraphqlBridge, request: FastifyRequest, reply: FastifyReply, id: string): Promise<ArticleView> {
  return bridge
    .run<{ article: ArticleView | null }>(request, reply, articleDocuments.byId, { id, preview: true })
    .then((data) => withVersionEtag(reply, found(data.article, 'article', `id ${id}`)))
}

export function articleRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.get('/articles', {
    schema: {
      operationId: 'listArticles',
      tags,
      summary: 'Published articles, newest first, with the filters of GraphQL `articles`',
      description: 'Cursor pagination: `first` (at most 100) and `after`; the `Link: <…>; rel="next"` header points at the next page.',
      security: optionalToken,
      querystring: listQuery,
      response: { 200: contentResponse(articleListSchema, 'One page of articles', true), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => {
      const { first, after, orderBy, publishedAfter, publishedBefore, ...filter } = request.query
      const data = await bridge.run<{ articles: z.output<typeof articleListSchema> }>(request, reply, articleDocuments.list, {
        first,
        after,
        orderBy,
        filter: { ...filter, publishedAfter: publishedAfter?.toISOString(), publishedBefore: publishedBefore?.toISOString() },
      })
      linkNextPage(request, reply, data.articles.pageInfo)
      return data.articles
    },
  })

  app.get('/articles/:id', {
    schema: {
      operationId: 'getArticle',
      tags,
      summary: 'One published article by id (or any saved state, with preview)',
      security: optionalToken,
      params: idParams,
      querystring: previewQuery,
      response: { 200: versionedResponse(articleSchema, 'The article'), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      const data = await bridge.run<{ article: ArticleView | null }>(request, reply, articleDocuments.byId, { id, preview: request.query.preview })
      return withVersionEtag(reply, found(data.article, 'article', `id ${id}`))
    },
  })

  app.get('/articles/slug/:slug', {
    schema: {
      operationId: 'getArticleBySlug',
      tags,
      summary: 'One published article by slug; a former slug answers 301 to the current one',
      security: optionalToken,
      params: slugParams,
      querystring: previewQuery,
      response: {
        200: versionedResponse(articleSchema, 'The article'),
        301: emptyResponse('The article has moved to a new slug', { location: { ...headerDocs.location, description: 'The URL of the current slug' } }),
        ...notModified, ...readErrors,
      },
    },
    handler: async (request, reply) => {
      const { slug } = request.params
      const data = await bridge.run<{ article: ArticleBySlug | null }>(request, reply, articleDocuments.bySlug, { slug, preview: request.query.preview })
      const { redirectedFrom, ...article } = found(data.article, 'article', `slug "${slug}"`)
      if (redirectedFrom) return redirectToSlug(request, reply, `${app.prefix}/articles/slug/${article.slug}`)
      return withVersionEtag(reply, article)
    },
  })

  app.get('/latest', {
    schema: {
      operationId: 'listLatest',
      tags,
      summary: 'The newest published articles, site-wide or in a section and its subsections',
      security: optionalToken,
      querystring: z.object({
        first: pageQuery.shape.first.describe('How many, from 0 to 100 (default 10)'),
        section: slugSchema.optional().describe('Section slug'),
      }),
      response: { 200: contentResponse(z.array(articleSummarySchema), 'The newest articles'), ...notModified, ...readErrors },
    },
    handler: async (request, reply) =>
      (await bridge.run<{ latest: z.output<typeof articleSummarySchema>[] }>(request, reply, articleDocuments.latest, request.query)).latest,
  })

  app.post('/articles', {
    schema: {
      operationId: 'createArticle',
      tags,
      summary: 'Creates a draft (contributor and up); the slug is made from the headline when not given',
      security: tokenRequired,
      body: jsonInput(createArticleInputSchema),
      response: { 201: versionedResponse(articleSchema, 'The new draft', { location: headerDocs.location }), ...createErrors },
    },
    handler: async (request, reply) => {
      const article = await createArticle(bridge.contextOf(request, reply).write, request.body)
      return created(reply, `${app.prefix}/articles/${article.id}`, await rereadArticle(bridge, request, reply, article.id))
    },
  })

  app.patch('/articles/:id', {
    schema: {
      operationId: 'updateArticle',
      tags,
      summary: 'Changes the fields given; a new slug keeps the old one as a redirect',
      description: 'Needs If-Match with the ETag you read. Contributors may edit only drafts that were never published.',
      security: tokenRequired,
      params: idParams,
      headers: ifMatchHeaders,
      body: jsonInput(updateArticleInputSchema),
      response: { 200: versionedResponse(articleSchema, 'The article after the change'), ...changeErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      await ifMatching(request, 'Editing an article', (version) => updateArticle(bridge.contextOf(request, reply).write, id, version, request.body))
      return rereadArticle(bridge, request, reply, id)
    },
  })

  app.delete('/articles/:id', {
    schema: {
      operationId: 'deleteArticle',
      tags,
      summary: 'Moves the article to the trash (editor and up); with purge=true deletes a trashed article for good (admin)',
      description: 'Needs If-Match. The trashed version’s ETag comes back: restore with POST /v1/articles/{id}/restore, or purge, with it.',
      security: tokenRequired,
      params: idParams,
      querystring: z.object({ purge: flag.optional().describe('Delete for good, with its history (admin; the article must be in the trash)') }),
      headers: ifMatchHeaders,
      response: {
        204: emptyResponse('Moved to the trash (ETag: its trashed version), or purged', { etag: headerDocs.etag }),
        ...changeErrors,
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      const write = bridge.contextOf(request, reply).write
      if (request.query.purge) {
        await ifMatching(request, 'Purging an article', (version) => purgeArticle(write, id, version))
      } else {
        const trashed = await ifMatching(request, 'Deleting an article', (version) => trashArticle(write, id, version))
        reply.header('etag', versionEtag(trashed.version))
      }
      return reply.code(204).send()
    },
  })
}

/** A moved slug: 301 to the current URL, keeping the query (preview…); shared caches may keep it. */
export function redirectToSlug(request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
  return reply.code(301).header('location', `${path}${query}`).send()
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { authorSpec } from '../../domain/authors/author-writes.js'
import type { EntitySpec } from '../../domain/entities/versioned-entity.js'
import { sectionSpec } from '../../domain/sections/section-writes.js'
import { tagSpec } from '../../domain/tags/tag-writes.js'
import { authorDocuments, sectionDocuments, tagDocuments } from './documents/taxonomy-documents.js'
import { entityWriteRoutes } from './entity-write-routes.js'
import { found, type GraphqlBridge } from './graphql-bridge.js'
import { linkNextPage } from './paging.js'
import { contentResponse, notModified, optionalToken, versionedResponse, withVersionEtag, type RestApp } from './route-kit.js'
import { idParams, orderQuery, pageQuery, readErrors, slugSchema } from './schemas/common.js'
import { articleListSchema, authorSchema, sectionSchema, sectionTreeSchema, tagSchema } from './schemas/representations.js'

type Versioned = { id: string; version: number }

interface Owner<Row extends { id: string; version: number }> {
  /** GraphQL field and entity name: section, author, tag. */
  field: 'section' | 'author' | 'tag'
  path: string
  type: string
  tag: string
  schema: z.ZodType<Versioned>
  documents: { one: string; articles: string }
  spec: EntitySpec<Row>
  enumFields?: readonly string[]
  roles: string
}

/**
 * Sections, authors and tags: one by id or slug (with its version ETag), its articles as a
 * paginated list (the entity's ETag would not change when its list does), and the writes.
 */
function ownerRoutes<Row extends { id: string; version: number }>(app: RestApp, bridge: GraphqlBridge, owner: Owner<Row>): void {
  const { field, path } = owner
  const tags = [owner.tag]
  const readOne = async (request: FastifyRequest, reply: FastifyReply, key: { id: string } | { slug: string }) => {
    const data = await bridge.run<Record<string, Versioned | null>>(request, reply, owner.documents.one, key)
    const what = 'id' in key ? `id ${key.id}` : `slug "${key.slug}"`
    return withVersionEtag(reply, found(data[field], field, what))
  }

  app.get(`${path}/:id`, {
    schema: {
      operationId: `get${owner.type}`,
      tags,
      summary: `One ${field} by id`,
      security: optionalToken,
      params: idParams,
      response: { 200: versionedResponse(owner.schema, `The ${field}`), ...notModified, ...readErrors },
    },
    handler: (request, reply) => readOne(request, reply, { id: request.params.id }),
  })

  app.get(`${path}/slug/:slug`, {
    schema: {
      operationId: `get${owner.type}BySlug`,
      tags,
      summary: `One ${field} by slug`,
      security: optionalToken,
      params: z.object({ slug: slugSchema }),
      response: { 200: versionedResponse(owner.schema, `The ${field}`), ...notModified, ...readErrors },
    },
    handler: (request, reply) => readOne(request, reply, { slug: request.params.slug }),
  })

  app.get(`${path}/:id/articles`, {
    schema: {
      operationId: `list${owner.type}Articles`,
      tags,
      summary: `Published articles of a ${field}${field === 'section' ? ' and its subsections' : ''}, newest first`,
      description: 'Cursor pagination: `first` (at most 100) and `after`; the `Link: <…>; rel="next"` header points at the next page.',
      security: optionalToken,
      params: idParams,
      querystring: pageQuery.extend(orderQuery.shape),
      response: { 200: contentResponse(articleListSchema, 'One page of articles', true), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      const data = await bridge.run<Record<string, { articles: z.output<typeof articleListSchema> } | null>>(request, reply, owner.documents.articles, {
        id,
        ...request.query,
      })
      const { articles } = found(data[field], field, `id ${id}`)
      linkNextPage(request, reply, articles.pageInfo)
      return articles
    },
  })

  entityWriteRoutes(app, bridge, {
    path,
    type: owner.type,
    tag: owner.tag,
    spec: owner.spec,
    enumFields: owner.enumFields,
    schema: owner.schema,
    roles: owner.roles,
    reread: (request, reply, id) => readOne(request, reply, { id }),
  })
}

export function taxonomyRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.get('/sections', {
    schema: {
      operationId: 'listSections',
      tags: ['Sections'],
      summary: 'The section tree: top-level sections with their subsections',
      security: optionalToken,
      response: { 200: contentResponse(sectionTreeSchema, 'The section tree'), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => (await bridge.run<{ sections: unknown[] }>(request, reply, sectionDocuments.tree, {})).sections,
  })

  ownerRoutes(app, bridge, {
    field: 'section',
    path: '/sections',
    type: 'Section',
    tag: 'Sections',
    schema: sectionSchema,
    documents: sectionDocuments,
    spec: sectionSpec,
    enumFields: ['kind'],
    roles: 'editor and up; a section with articles or subsections cannot be trashed',
  })
  ownerRoutes(app, bridge, {
    field: 'author',
    path: '/authors',
    type: 'Author',
    tag: 'Authors',
    schema: authorSchema,
    documents: authorDocuments,
    spec: authorSpec,
    roles: 'editor and up',
  })
  ownerRoutes(app, bridge, {
    field: 'tag',
    path: '/tags',
    type: 'Tag',
    tag: 'Tags',
    schema: tagSchema,
    documents: tagDocuments,
    spec: tagSpec,
    roles: 'contributor and up; trashing needs editor',
  })
}

import type { FastifyBaseLogger, FastifyInstance, FastifyReply, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionEtag } from '../../http-cache/entity-tag.js'
import { headerDocs } from './schemas/common.js'

/** The /v1 scope: zod schemas validate requests, serialize responses and feed OpenAPI. */
export type RestApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>

/** OpenAPI security: reads work without a token (a token unlocks previews); writes need one. */
type Security = { [scheme: string]: readonly string[] }[]
export const optionalToken: Security = [{}, { bearer: [] }]
export const tokenRequired: Security = [{ bearer: [] }]

/**
 * A single resource carries the strong ETag of its version: the http-cache plugin answers
 * If-None-Match with 304 from it, and writes take it back in If-Match.
 */
export function withVersionEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  reply.header('etag', versionEtag(resource.version))
  return resource
}

/** A single resource's 200 (or 201) in OpenAPI: its schema, what it is, and its ETag. */
export function versionedResponse<T extends z.ZodType>(schema: T, description: string, extraHeaders: Record<string, unknown> = {}): T {
  return schema.meta({ description, headers: { etag: headerDocs.etag, 'surrogate-key': headerDocs.surrogateKey, ...extraHeaders } })
}

/**
 * The 200 of a list or a composed page in OpenAPI: its ETag comes from its bytes (its members
 * change without a version of its own); a paginated one says where its Link header points.
 */
export function contentResponse<T extends z.ZodType>(schema: T, description: string, paginated = false): T {
  const headers = { etag: headerDocs.contentEtag, 'surrogate-key': headerDocs.surrogateKey, ...(paginated ? { link: headerDocs.link } : {}) }
  return schema.meta({ description, headers })
}

/** Responses without a body (204, 301). */
export function emptyResponse(description: string, headers: Record<string, unknown> = {}) {
  return z.undefined().meta({ description, headers })
}

/** Every read answers If-None-Match with the current ETag by 304 (see the http-cache plugin). */
export const notModified = { 304: emptyResponse('Not modified: If-None-Match names the current ETag') }

/** Replies 201 Created with the new resource's URL and version. */
export function created<T extends { id: string; version: number }>(reply: FastifyReply, location: string, resource: T): T {
  reply.code(201).header('location', location)
  return withVersionEtag(reply, resource)
}

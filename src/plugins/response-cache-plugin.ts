import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Kind, OperationTypeNode } from 'graphql'
import type { Principal } from '../auth/principal.js'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import { nextScheduledChange } from '../http-cache/next-scheduled-change.js'
import { CACHE_PURGE_CHANNEL, parsePurgeMessage } from '../http-cache/purge-channel.js'
import { ResponseCache } from '../http-cache/response-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: ResponseCache | null
  }
  interface FastifyRequest {
    /** Set while a public read is being built: its cache key and the epoch it started at. */
    responseCacheSlot: { key: string; epoch: number } | null
    /** GraphQL says whether the response may be stored: a query that resolved without errors. */
    graphqlCacheable: boolean | undefined
  }
}

export interface ResponseCacheOptions {
  config: Pick<Config, 'RESPONSE_CACHE' | 'RESPONSE_CACHE_TTL_SECONDS' | 'RESPONSE_CACHE_MAX_ENTRIES' | 'RESPONSE_CACHE_MAX_MB'>
  database: Database
}

/** Headers that describe the bytes and how to cache them; everything else is per response. */
const REPLAYED_HEADERS = ['content-type', 'cache-control', 'etag', 'surrogate-key', 'vary', 'link', 'location']

/**
 * Serves repeated public reads from memory. Only requests without a token are cached (never
 * shared with token requests, which may see drafts). Entries are evicted by the surrogate keys
 * of each write the moment it commits: writes NOTIFY their keys in their own transaction and
 * every instance LISTENs. They also expire at the configured TTL or at the next scheduled change
 * (a publish time, a promo window), whichever comes first.
 */
export const responseCachePlugin = fp(
  async (app: FastifyInstance, { config, database }: ResponseCacheOptions) => {
    app.decorate('responseCache', null)
    if (!config.RESPONSE_CACHE) return
    const cache = new ResponseCache({ maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES, maxBytes: config.RESPONSE_CACHE_MAX_MB * 1_048_576 })
    app.responseCache = cache
    const ttlMs = config.RESPONSE_CACHE_TTL_SECONDS * 1000
    let nextChange: { at: number; epoch: number } | null = null

    const stopListening = await database.listen(CACHE_PURGE_CHANNEL, {
      onMessage: (payload) => {
        const tags = parsePurgeMessage(payload)
        if (tags === 'all') cache.clear()
        else cache.purge(tags)
        nextChange = null
      },
      onGap: () => {
        cache.clear()
        nextChange = null
      },
    })
    app.addHook('onClose', async () => stopListening())

    app.decorateRequest('responseCacheSlot', null)
    app.decorateRequest('graphqlCacheable', undefined)

    // preHandler: after authentication and the rate limiter, so a cached answer is still counted.
    app.addHook('preHandler', async (request, reply) => {
      const key = cacheKeyOf(request)
      if (key === null) return
      const hit = cache.get(key)
      if (!hit) {
        request.responseCacheSlot = { key, epoch: cache.epoch() }
        return
      }
      // The http-cache plugin still answers If-None-Match from the replayed ETag.
      return reply.code(200).headers(hit.headers).header('x-cache', 'HIT').send(hit.body)
    })

    app.addHook('onSend', async (request, reply, payload) => {
      const slot = request.responseCacheSlot
      if (!slot || reply.statusCode !== 200 || typeof payload !== 'string') return payload
      request.responseCacheSlot = null
      if (!isStorable(request, reply)) return payload
      const now = Date.now()
      if (nextChange === null || nextChange.at <= now) {
        const next = await nextScheduledChange(database.db, new Date(now))
        nextChange = { at: next ? next.getTime() : Number.POSITIVE_INFINITY, epoch: cache.epoch() }
      }
      const headers: Record<string, string> = {}
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name)
        if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value)
      }
      const tags = [...request.cacheTags]
      cache.set(slot.key, { body: Buffer.from(payload), headers, tags, expiresAt: Math.min(now + ttlMs, nextChange.at) }, slot.epoch)
      reply.header('x-cache', 'MISS')
      return payload
    })

    app.graphql.addHook('preExecution', (_schema, document, context) => {
      const request = context.reply.request
      if (request.responseCacheSlot) {
        const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
        request.graphqlCacheable = operations.length > 0 && operations.every((operation) => operation.operation === OperationTypeNode.QUERY)
      }
      return Promise.resolve()
    })
    app.graphql.addHook('onResolution', (execution, context) => {
      if (execution.errors?.length) context.reply.request.graphqlCacheable = false
      return Promise.resolve()
    })
  },
  { name: 'response-cache', dependencies: ['auth', 'http-cache'] },
)

/** Public reads only: GETs, and GraphQL POSTs (keyed by their body: query, variables, operation). */
function cacheKeyOf(request: FastifyRequest): string | null {
  const principal = request.principal as Principal | null
  if (principal?.kind !== 'public') return null
  const accept = request.headers.accept ?? ''
  if (request.method === 'GET') return `GET ${request.url} ${accept}`
  if (request.method === 'POST' && request.url.split('?')[0] === '/graphql' && request.body !== null && typeof request.body === 'object') {
    return `POST ${request.url} ${accept} ${graphqlBodyKey(request.body as Record<string, unknown>)}`
  }
  return null
}

const GRAPHQL_PARAMETERS = new Set(['query', 'variables', 'operationName', 'extensions'])

/**
 * The body as a key, without escaping the document (the longest part) as JSON.stringify would:
 * the other parameters are JSON, which never holds a raw NUL, so the document goes last, verbatim.
 */
function graphqlBodyKey(body: Record<string, unknown>): string {
  if (typeof body.query !== 'string' || Object.keys(body).some((key) => !GRAPHQL_PARAMETERS.has(key))) return `json\0${JSON.stringify(body)}`
  return `${JSON.stringify(body.operationName) ?? ''}\0${JSON.stringify(body.variables) ?? ''}\0${JSON.stringify(body.extensions) ?? ''}\0${body.query}`
}

function isStorable(request: FastifyRequest, reply: FastifyReply): boolean {
  // A GraphQL execution decides for itself (mutations and errors are never stored).
  if (request.graphqlCacheable !== undefined) return request.graphqlCacheable
  if (request.method !== 'GET') return false
  const cacheControl = reply.getHeader('cache-control')
  return typeof cacheControl === 'string' && cacheControl.startsWith('public')
}

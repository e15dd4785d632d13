import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal } from '../auth/principal.js'
import { cacheControlFor, type CachePolicyConfig } from '../http-cache/cache-control.js'
import { contentEtag, matchesIfNoneMatch } from '../http-cache/entity-tag.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Surrogate keys of everything this response contains; handlers and resolvers add to it. */
    cacheTags: Set<string>
  }
}

/**
 * Caching headers for every response, in one place: Cache-Control by who asked and how it went,
 * Surrogate-Key from what the response contains, and ETag / 304 for successful reads. A route
 * that knows its version sets its own ETag first; everything else gets one from its bytes.
 */
export const httpCachePlugin = fp(
  (app: FastifyInstance, config: CachePolicyConfig, done: () => void) => {
    app.decorateRequest('cacheTags', null as never)
    app.addHook('onRequest', (request, _reply, next) => {
      request.cacheTags = new Set()
      next()
    })
    app.addHook('onSend', async (request, reply, payload) => {
      // A request refused before authentication finished has no principal: treat it as private.
      const principal = request.principal as Principal | null
      const publicRequest = principal?.kind === 'public'
      // A route that states its own policy (health probes) keeps it.
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', cacheControlFor(config, { publicRequest, method: request.method, status: reply.statusCode }))
      // Null when an earlier onRequest hook (a CORS preflight) answered before ours ran.
      const tags = request.cacheTags as Set<string> | null
      if (tags && tags.size > 0) reply.header('surrogate-key', [...tags].join(' '))
      if (publicRequest) reply.header('vary', 'Accept, Authorization')
      const isRead = request.method === 'GET' || request.method === 'HEAD'
      if (!isRead || reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload
      let etag = reply.getHeader('etag')
      if (typeof etag !== 'string') {
        etag = contentEtag(payload)
        reply.header('etag', etag)
      }
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        reply.code(304)
        reply.removeHeader('content-length')
        return ''
      }
      return payload
    })
    done()
  },
  { name: 'http-cache' },
)

import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

type Directives = Record<string, string[]>

/**
 * The API answers JSON, never a page: nothing in a response may load, run or be framed. The
 * policy still matters, because a browser opening a JSON URL directly must not be talked into
 * treating it as a document.
 */
const API_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
}

/** Swagger UI (@fastify/swagger-ui): its bundle, styles, favicons and the spec, all from this origin. */
const DOCS_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // Swagger UI renders its SVG icons and the logo as data: images.
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // Swagger UI's React components write inline style attributes.
  'style-src': ["'self'", "'unsafe-inline'"],
}

/**
 * Mercurius' GraphiQL page: an inline <style> in graphiql.html, config.js and main.js from this
 * origin, then React, ReactDOM and GraphiQL (script and CSS) from unpkg.com, cached by the
 * service worker sw.js (whose fetches are connect-src), and queries POSTed to /graphql.
 */
const GRAPHIQL_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'", 'https://unpkg.com'],
  'font-src': ["'self'", 'data:', 'https://unpkg.com'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'", 'https://unpkg.com'],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
  'worker-src': ["'self'"],
}

const cspValue = (directives: Directives): string =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join(';')

/** helmet's defaults, with framing denied and no referrer sent. */
const COMMON_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  // The old XSS auditor did more harm than good; helmet turns it off the same way.
  'x-xss-protection': '0',
}

const withPolicy = (directives: Directives) => ({ ...COMMON_HEADERS, 'content-security-policy': cspValue(directives) })
const API_HEADERS = withPolicy(API_DIRECTIVES)
const DOCS_HEADERS = withPolicy(DOCS_DIRECTIVES)
const GRAPHIQL_HEADERS = withPolicy(GRAPHIQL_DIRECTIVES)

/** The headers for a route's pattern: the two pages' policies, else the API's (404s included). */
function headersFor(routeUrl: string | undefined): Record<string, string> {
  if (routeUrl === undefined) return API_HEADERS
  if (routeUrl === '/docs' || routeUrl.startsWith('/docs/')) return DOCS_HEADERS
  if (routeUrl === '/graphiql' || routeUrl.startsWith('/graphiql/')) return GRAPHIQL_HEADERS
  return API_HEADERS
}

/**
 * Security headers on every response, the ones helmet sets: nosniff, no referrer, no framing,
 * and a Content-Security-Policy that is closed for the API and opened just enough for the two
 * pages the app serves, Swagger UI at /docs and GraphiQL at /graphiql. The values are fixed, so
 * they are built once: @fastify/helmet rebuilds helmet on every request, which cost about 7% of
 * the CPU of a page served from the response cache. No caching header is touched, so the
 * http-cache plugin's Cache-Control, ETag and Vary stay as they are.
 */
export const securityHeadersPlugin = fp(
  (app: FastifyInstance, _options: unknown, done: () => void) => {
    app.addHook('onRequest', (request, reply, next) => {
      reply.headers(headersFor(request.routeOptions.url))
      next()
    })
    done()
  },
  { name: 'security-headers' },
)

import helmet, { type FastifyHelmetOptions } from '@fastify/helmet'
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

const csp = (directives: Directives): FastifyHelmetOptions['contentSecurityPolicy'] => ({ useDefaults: false, directives })

/** Which policy a route's pages need; undefined for the API's own routes. */
function pagePolicy(url: string): Directives | undefined {
  if (url === '/docs' || url.startsWith('/docs/')) return DOCS_DIRECTIVES
  if (url === '/graphiql' || url.startsWith('/graphiql/')) return GRAPHIQL_DIRECTIVES
  return undefined
}

/**
 * Security headers on every response (helmet): nosniff, no referrer, no framing, and a
 * Content-Security-Policy that is closed for the API and opened just enough for the two pages
 * the app serves, Swagger UI at /docs and GraphiQL at /graphiql. Helmet sets no caching header,
 * so the http-cache plugin's Cache-Control, ETag and Vary stay as they are.
 *
 * Register it before the routes: the per-page policies are attached as routes are added.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      const directives = pagePolicy(route.url)
      // @fastify/helmet reads a route's own options from config.helmet and merges them over the global ones.
      if (directives) route.config = { ...route.config, helmet: { contentSecurityPolicy: csp(directives) } } as typeof route.config
    })
    await app.register(helmet, {
      contentSecurityPolicy: csp(API_DIRECTIVES),
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Off by default in helmet, named here so nobody turns it on: it would stop GraphiQL loading from unpkg.com.
      crossOriginEmbedderPolicy: false,
    })
  },
  { name: 'security-headers' },
)

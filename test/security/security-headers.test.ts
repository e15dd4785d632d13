import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import t from 'tap'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { buildTestApp } from '../helpers/test-app.js'

/** A CSP header as a map of directive → sources. */
function parseCsp(header: unknown): Map<string, string[]> {
  const policy = new Map<string, string[]>()
  for (const part of (typeof header === 'string' ? header : '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) policy.set(name.toLowerCase(), sources)
  }
  return policy
}

/** Whether the policy lets `directive` load from `url` (enough of CSP matching for these pages). */
function allows(policy: Map<string, string[]>, directive: string, url: string): boolean {
  const sources = policy.get(directive) ?? policy.get('default-src') ?? []
  if (url.startsWith('/') || url.startsWith('./')) return sources.includes("'self'")
  const origin = new URL(url).origin
  return sources.includes(origin) || sources.includes(`${origin}/`)
}

const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

void t.test('every response carries the security headers; the API gets a closed policy', async (t) => {
  const { app, database } = await buildTestApp(t)
  const { token } = await issueToken(database.db, OPERATOR, { name: 'headers', role: 'editor' })
  const requests = [
    { method: 'POST' as const, url: '/graphql', payload: { query: '{ site { name } }' }, status: 200 },
    { method: 'GET' as const, url: '/graphql?query=%7Bsite%7Bname%7D%7D', status: 200 },
    { method: 'GET' as const, url: '/v1/site', status: 200 },
    { method: 'GET' as const, url: '/v1/articles', status: 200 },
    { method: 'GET' as const, url: '/openapi.json', status: 200 },
    { method: 'GET' as const, url: '/healthz', status: 200 },
    { method: 'GET' as const, url: '/v1/articles/00000000-0000-4000-8000-000000000000', status: 404 },
    { method: 'GET' as const, url: '/no-such-route', status: 404 },
    { method: 'GET' as const, url: '/v1/site', headers: { authorization: 'Bearer nope' }, status: 401 },
  ]
  for (const request of requests) {
    const response = await app.inject(request)
    t.equal(response.statusCode, request.status, `${request.method} ${request.url}`)
    t.match(response.headers, ALWAYS, `${request.url}: nosniff, no referrer, no framing`)
    const csp = parseCsp(response.headers['content-security-policy'])
    t.same(csp.get('default-src'), ["'none'"], `${request.url}: the API's policy loads nothing`)
    t.same(csp.get('frame-ancestors'), ["'none'"])
    t.notOk(response.headers['x-powered-by'])
  }

  // The API keeps working and keeps its caching headers: helmet must not overwrite them.
  const publicRead = await app.inject({ method: 'GET', url: '/v1/site' })
  t.match(publicRead.headers['cache-control'], /^public, max-age=30/)
  t.match(publicRead.headers.etag, /^"/)
  t.equal(publicRead.headers.vary, 'Accept, Authorization')
  t.match(publicRead.headers['content-type'], /^application\/json/)
  t.match(publicRead.json(), { name: 'Masthead' })
  const privateRead = await app.inject({ method: 'GET', url: '/v1/site', headers: { authorization: `Bearer ${token}` } })
  t.equal(privateRead.headers['cache-control'], 'private, no-store')
  const revalidated = await app.inject({ method: 'GET', url: '/v1/site', headers: { 'if-none-match': String(publicRead.headers.etag) } })
  t.equal(revalidated.statusCode, 304)
  const graphql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { name } }' } })
  t.same(graphql.json(), { data: { site: { name: 'Masthead' } } })
  t.match(graphql.headers['content-type'], /^application\/(graphql-response\+)?json/)
  const openapi = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.match(openapi.json(), { openapi: /^3\.1/, paths: { '/v1/site': {} } })
})

void t.test('the response cache serves its hits with the same headers', async (t) => {
  const { app } = await buildTestApp(t, { RESPONSE_CACHE: 'true' })
  await app.inject({ method: 'GET', url: '/v1/site' })
  const hit = await app.inject({ method: 'GET', url: '/v1/site' })
  t.equal(hit.headers['x-cache'], 'HIT')
  t.match(hit.headers, ALWAYS)
  t.same(parseCsp(hit.headers['content-security-policy']).get('default-src'), ["'none'"])
  t.match(hit.headers['cache-control'], /^public/)
})

void t.test('Swagger UI gets a policy that lets it load its own assets and nothing else', async (t) => {
  const { app } = await buildTestApp(t)
  const page = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers, ALWAYS)
  const csp = parseCsp(page.headers['content-security-policy'])
  // Everything the page references must be allowed by its policy.
  const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1] ?? '')
  const styles = [...page.body.matchAll(/<link rel="stylesheet" type="text\/css" href="([^"]+)"/g)].map((match) => match[1] ?? '')
  t.ok(scripts.length >= 3 && styles.length >= 2, 'the page was read')
  for (const src of scripts) {
    t.ok(allows(csp, 'script-src', src), `script ${src} is allowed`)
    const asset = await app.inject({ method: 'GET', url: path.posix.join('/docs/', src) })
    t.equal(asset.statusCode, 200, `${src} is served`)
  }
  for (const href of styles) t.ok(allows(csp, 'style-src', href), `stylesheet ${href} is allowed`)
  t.ok(allows(csp, 'connect-src', '/docs/json'), 'the spec can be fetched')
  t.ok(csp.get('img-src')?.includes('data:'), 'its inline SVG icons load')
  t.notOk(csp.get('script-src')?.some((source) => source === "'unsafe-inline'" || source === "'unsafe-eval'" || source === '*'), 'no inline or eval script')
  t.same(csp.get('object-src'), ["'none'"])
  t.same(csp.get('frame-ancestors'), ["'none'"])
  const spec = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(spec.statusCode, 200)
  t.match(spec.json(), { openapi: /^3\.1/ })
})

void t.test('GraphiQL gets a policy that lets it load React and GraphiQL from unpkg.com, when enabled', async (t) => {
  const { app } = await buildTestApp(t, { GRAPHIQL: 'true' })
  const page = await app.inject({ method: 'GET', url: '/graphiql' })
  t.equal(page.statusCode, 200)
  t.match(page.headers, ALWAYS)
  const csp = parseCsp(page.headers['content-security-policy'])
  t.match(page.body, /<style>/, 'the page has an inline style block')
  t.ok(csp.get('style-src')?.includes("'unsafe-inline'"), 'which the policy allows')
  const main = await app.inject({ method: 'GET', url: '/graphiql/main.js' })
  t.equal(main.statusCode, 200)
  // The URLs main.js and sw.js load, read from mercurius itself so an upgrade is checked too.
  const mercuriusStatic = path.join(path.dirname(createRequire(import.meta.url).resolve('mercurius')), 'static')
  const sw = await readFile(path.join(mercuriusStatic, 'sw.js'), 'utf8')
  const scripts = [...main.body.matchAll(/'(https:\/\/[^']+\.js)'/g)].map((match) => match[1] ?? '')
  const stylesheets = [...main.body.matchAll(/'(https:\/\/[^']+\.css)'/g)].map((match) => match[1] ?? '')
  const cached = [...sw.matchAll(/'(https:\/\/[^']+)'/g)].map((match) => match[1] ?? '')
  t.ok(scripts.length >= 3 && stylesheets.length >= 1 && cached.length >= 3, 'the asset lists were read')
  for (const src of ['./graphiql/config.js', './graphiql/main.js', ...scripts]) t.ok(allows(csp, 'script-src', src), `script ${src} is allowed`)
  for (const href of stylesheets) t.ok(allows(csp, 'style-src', href), `stylesheet ${href} is allowed`)
  for (const url of ['/graphql', ...cached]) t.ok(allows(csp, 'connect-src', url), `fetch of ${url} is allowed`)
  t.ok(allows(csp, 'worker-src', './graphiql/sw.js'), 'the service worker registers')
  const swResponse = await app.inject({ method: 'GET', url: '/graphiql/sw.js' })
  const swPolicy = parseCsp(swResponse.headers['content-security-policy'])
  // A service worker is governed by its own script's policy: it must be allowed to cache unpkg.com.
  for (const url of cached) t.ok(allows(swPolicy, 'connect-src', url), `the worker may fetch ${url}`)
  t.notOk(csp.get('script-src')?.some((source) => source === "'unsafe-inline'" || source === "'unsafe-eval'" || source === '*'), 'no inline or eval script')
  t.same(csp.get('frame-ancestors'), ["'none'"])

  // The page's policy stays on the page: the endpoint it queries keeps the API's.
  const api = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { name } }' } })
  t.same(parseCsp(api.headers['content-security-policy']).get('default-src'), ["'none'"])
})

void t.test('without GRAPHIQL there is no page to protect', async (t) => {
  const { app } = await buildTestApp(t, { GRAPHIQL: 'false' })
  const page = await app.inject({ method: 'GET', url: '/graphiql' })
  t.equal(page.statusCode, 404)
  t.same(parseCsp(page.headers['content-security-policy']).get('default-src'), ["'none'"])
})

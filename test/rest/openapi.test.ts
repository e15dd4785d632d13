import { Validator } from '@seriousme/openapi-schema-validator'
import t from 'tap'
import { buildTestApp } from '../helpers/test-app.js'

interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  parameters?: { in: string; name: string }[]
  security?: Record<string, string[]>[]
  responses?: Record<string, { description?: string; content?: Record<string, { schema: { $ref?: string } }> }>
}
interface Document {
  openapi: string
  info: { title: string; version: string }
  servers: { url: string }[]
  tags: { name: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, unknown> }
}

/** The whole REST surface: method, path, operationId. */
const routes = [
  ['get', '/v1/articles', 'listArticles'],
  ['post', '/v1/articles', 'createArticle'],
  ['get', '/v1/articles/{id}', 'getArticle'],
  ['patch', '/v1/articles/{id}', 'updateArticle'],
  ['delete', '/v1/articles/{id}', 'deleteArticle'],
  ['get', '/v1/articles/slug/{slug}', 'getArticleBySlug'],
  ['post', '/v1/articles/{id}/publish', 'publishArticle'],
  ['post', '/v1/articles/{id}/unpublish', 'unpublishArticle'],
  ['post', '/v1/articles/{id}/restore', 'restoreArticle'],
  ['post', '/v1/articles/{id}/revisions/{revision}/restore', 'restoreArticleRevision'],
  ['post', '/v1/articles/{id}/related-links', 'addRelatedLink'],
  ['patch', '/v1/articles/{id}/related-links/{position}', 'updateRelatedLink'],
  ['delete', '/v1/articles/{id}/related-links/{position}', 'removeRelatedLink'],
  ['get', '/v1/article-pages/{slug}', 'getArticlePage'],
  ['get', '/v1/latest', 'listLatest'],
  ['get', '/v1/search', 'searchArticles'],
  ['get', '/v1/sections', 'listSections'],
  ...(['Section', 'Author', 'Tag'] as const).flatMap((type) => {
    const path = `/v1/${type.toLowerCase()}s`
    return [
      ['post', path, `create${type}`],
      ['get', `${path}/{id}`, `get${type}`],
      ['get', `${path}/slug/{slug}`, `get${type}BySlug`],
      ['get', `${path}/{id}/articles`, `list${type}Articles`],
      ['patch', `${path}/{id}`, `update${type}`],
      ['delete', `${path}/{id}`, `delete${type}`],
      ['post', `${path}/{id}/restore`, `restore${type}`],
    ]
  }),
  ['get', '/v1/media/{id}', 'getMedia'],
  ['post', '/v1/media', 'createMedia'],
  ['patch', '/v1/media/{id}', 'updateMedia'],
  ['delete', '/v1/media/{id}', 'deleteMedia'],
  ['post', '/v1/media/{id}/restore', 'restoreMedia'],
  ['get', '/v1/promos', 'listPromos'],
  ['get', '/v1/promos/{id}', 'getPromo'],
  ['post', '/v1/promos', 'createPromo'],
  ['patch', '/v1/promos/{id}', 'updatePromo'],
  ['delete', '/v1/promos/{id}', 'deletePromo'],
  ['post', '/v1/promos/{id}/restore', 'restorePromo'],
  ['get', '/v1/site', 'getSite'],
  ['patch', '/v1/site', 'updateSite'],
]

t.test('OpenAPI 3.1 at /openapi.json', async (t) => {
  const { app } = await buildTestApp(t)
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const doc = response.json<Document>()

  t.test('is a valid OpenAPI 3.1 document', async (t) => {
    const result = await new Validator().validate(doc as never)
    t.equal(result.valid, true, JSON.stringify(result.errors))
    t.equal(doc.openapi, '3.1.0')
    t.equal(doc.info.title, 'Masthead REST API')
    t.ok(doc.servers.length > 0, 'servers')
    t.match(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' })
    t.ok(doc.components.schemas.Article && doc.components.schemas.Error, 'named component schemas')
    t.notOk(Object.keys(doc.components.schemas).some((name) => name.endsWith('Input') && !JSON.stringify(doc.paths).includes(`/${name}"`)), 'no unused request forms')
  })

  t.test('describes exactly the REST routes, each with operationId, tags, summary and responses', (t) => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })))
    t.same(documented.map(({ method, path, operation }) => [method, path, operation.operationId]).sort(), [...routes].sort(), 'the route list')
    t.notOk(documented.some(({ path }) => !path.startsWith('/v1/')), 'GraphQL, the probes and the docs are not described')
    const ids = documented.map(({ operation }) => operation.operationId)
    t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
    const tagNames = new Set(doc.tags.map((tag) => tag.name))
    for (const { method, path, operation } of documented) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(operation.operationId, `${where} has an operationId`)
      t.ok(operation.summary, `${where} has a summary`)
      t.ok(operation.tags?.length && operation.tags.every((tag) => tagNames.has(tag)), `${where} has declared tags`)
      t.ok(operation.security, `${where} states its security`)
      const responses = operation.responses ?? {}
      t.ok(Object.keys(responses).some((status) => /^2\d\d$/.test(status)), `${where} has a success response`)
      for (const status of ['400', '401', '403', '404', '429']) {
        t.equal(responses[status]?.content?.['application/json']?.schema.$ref, '#/components/schemas/Error', `${where} ${status} has the error shape`)
      }
      for (const [status, described] of Object.entries(responses)) t.ok(described.description, `${where} ${status} is described`)
      const changesExisting = method !== 'get' && /\{id\}|\/site$/.test(path)
      if (changesExisting) {
        t.ok(responses['412'] && responses['428'], `${where} documents 412 and 428`)
        t.ok(operation.parameters?.some((p) => p.in === 'header' && p.name === 'if-match'), `${where} takes If-Match`)
      }
      if (method === 'get') t.ok(responses['304'], `${where} documents 304`)
    }
    t.end()
  })

  t.test('Swagger UI is served at /docs', async (t) => {
    const docs = await app.inject({ url: '/docs/' })
    t.equal(docs.statusCode, 200)
    t.match(docs.headers['content-type'], /text\/html/)
    const json = await app.inject({ url: '/docs/json' })
    t.equal(json.json<Document>().openapi, '3.1.0')
  })

  t.test('GraphQL keeps its own validation and error shape', async (t) => {
    const bad = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ nope }' } })
    t.equal(bad.statusCode, 400)
    t.match(bad.json(), { data: null, errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] })
    const good = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { name } }' } })
    t.same(good.json(), { data: { site: { name: 'Masthead' } } })
  })
})

t.test('a spent rate limit answers 429 in the documented error shape', async (t) => {
  const { app } = await buildTestApp(t, { RATE_LIMIT_MAX: '2' })
  const statuses = []
  let last
  for (let i = 0; i < 3; i++) {
    last = await app.inject({ url: '/v1/site' })
    statuses.push(last.statusCode)
  }
  t.same(statuses, [200, 200, 429])
  t.match(last?.json(), { error: { code: 'RATE_LIMITED', message: /Too many requests/ } })
  t.ok(last?.headers['retry-after'])
})

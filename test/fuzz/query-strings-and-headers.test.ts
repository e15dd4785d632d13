import fc from 'fast-check'
import t from 'tap'
import { encodeCursor } from '../../src/domain/pagination/cursor.js'
import { buildFuzzTarget, checkRestResponse, fuzzParameters, hostileString, inject, percentEncode, PropertyViolation, tableCounts, type RestErrorBody } from '../helpers/fuzz.js'

/**
 * Hostile URLs and headers on the REST API: query strings (page sizes, cursors, filters, dates,
 * slugs, repeated and unknown parameters), path segments, and the conditional, auth, Accept and
 * Content-Type headers. Reads must answer 2xx/3xx or a coded 4xx, never a 5xx.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A forged cursor: the right shape with a wrong order, value or id, or no shape at all. */
const forgedCursor = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'UPDATED_AT_DESC', 'RANK', '__proto__', ''),
      fc.oneof(
        fc.constantFrom('not a date', '0000-01-01T00:00:00.000Z', '2026-01-01', '1e400', "2026-01-01'; DROP TABLE articles; --", '\u0000'),
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e300, -1e300, 3.5e38)),
        fc.constantFrom(null, true, [], {}),
      ),
      fc.oneof(fc.uuid(), hostileString),
    )
    .map(([order, value, id]) => encodeCursor({ order, value: value as string, id })),
  fc.base64String({ maxLength: 80 }).map((text) => text.replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')),
  hostileString,
)

const instantLike = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '0001-01-01T00:00:00+00:01', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00', '2026-01-01T24:00:00Z', 'yesterday'),
  hostileString,
)

const queryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 100_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '100', '101', '-1', '1.5', '1e2', '0x10', ' 5', 'NaN', 'true', '1', 'PUBLISHED_AT_ASC', 'RANK', 'TOP', 'top', 'world', 'World', 'world-') },
  { weight: 1, arbitrary: forgedCursor },
  { weight: 1, arbitrary: instantLike },
)

const parameterName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('first', 'after', 'orderBy', 'section', 'tag', 'author', 'label', 'publishedAfter', 'publishedBefore', 'preview', 'q', 'at', 'placement', 'purge') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'first[]', 'filter[label]', '') },
  { weight: 1, arbitrary: hostileString.filter((name) => name.length < 30) },
)

/** A query string: parameters in any order, some repeated, each value URL-encoded. */
const queryString = fc
  .array(fc.tuple(parameterName, queryValue), { maxLength: 6 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')}`))

/** Raw bytes in a query string that percentEncode would never write. */
const rawQueryString = fc.constantFrom('?first=%', '?first=%zz', '?after=%C0%80', '?q=%00', '?q=%ED%A0%80', '?first=1&first=2', '?section=a&section=b', '?&&&', '?=', '?first', '?preview', '?at=2026-01-01T00:00:00+01:00', '?q=a+b', '?q=%E2%80%AE')

t.test('REST query strings and headers under fuzzing', async (t) => {
  const target = await buildFuzzTarget(t)
  const { app, content, editor, admin } = target
  const readPaths = [
    '/v1/articles',
    `/v1/articles/${content.articleId}`,
    `/v1/articles/slug/${content.articleSlug}`,
    '/v1/latest',
    '/v1/search',
    '/v1/sections',
    `/v1/sections/${content.sectionId}`,
    `/v1/sections/slug/${content.sectionSlug}`,
    `/v1/sections/${content.sectionId}/articles`,
    `/v1/authors/${content.authorId}/articles`,
    `/v1/tags/slug/${content.tagSlug}`,
    `/v1/tags/${content.tagId}/articles`,
    `/v1/media/${content.mediaId}`,
    '/v1/promos',
    `/v1/promos/${content.promoId}`,
    '/v1/site',
    `/v1/article-pages/${content.articleSlug}`,
  ]
  const token = fc.constantFrom<string | undefined>(undefined, editor, admin)
  const before = await tableCounts(target.database)

  t.test('any query string on any read is answered, and a bad parameter is named', async (t) => {
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...readPaths), fc.oneof({ weight: 5, arbitrary: queryString }, { weight: 1, arbitrary: rawQueryString }), token, async (path, query, bearer) => {
        const response = await inject(app, { method: 'GET', url: `${path}${query}`, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })
        const { status, body } = checkRestResponse(response)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        const problems = status === 400 ? (body as RestErrorBody).error.problems : undefined
        if (problems?.some((problem) => problem.path[0] !== 'query' && problem.path[0] !== 'params')) throw new PropertyViolation('a query-string problem placed elsewhere', response)
      }),
      fuzzParameters<[string, string, string | undefined]>(60, 1, [['/v1/articles', '?first=5', undefined], ['/v1/articles', '?first=101', undefined]]),
    )
    t.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, `answers: ${JSON.stringify(Object.fromEntries(statuses))}`)
  })

  t.test('forged cursors are a 400 naming `after`, never a 5xx', async (t) => {
    const lists = ['/v1/articles', '/v1/search?q=ports', `/v1/sections/${content.sectionId}/articles`, '/v1/articles?orderBy=UPDATED_AT_DESC']
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), forgedCursor, async (list, cursor) => {
        const response = await inject(app, { method: 'GET', url: `${list}${list.includes('?') ? '&' : '?'}after=${percentEncode(cursor)}` })
        const { status, body } = checkRestResponse(response)
        // A well-formed cursor naming an instant and an id simply starts a page there.
        if (status === 200) return
        if (status !== 400 || !(body as RestErrorBody).error.problems?.some((problem) => problem.path.join('.') === 'query.after')) {
          throw new PropertyViolation('a forged cursor was not refused as query.after', response)
        }
      }),
      fuzzParameters(30),
    )
    t.pass('every forged cursor was answered')
  })

  t.test('dates in filters and page instants: a bad one is a 400 naming it', async (t) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('publishedAfter', 'publishedBefore', 'at'), instantLike, async (name, value) => {
        const path = name === 'at' ? `/v1/article-pages/${content.articleSlug}` : '/v1/articles'
        const response = await inject(app, { method: 'GET', url: `${path}?${name}=${percentEncode(value)}`, headers: { authorization: `Bearer ${editor}` } })
        const { status, body } = checkRestResponse(response)
        if (status === 400 && !(body as RestErrorBody).error.problems?.some((problem) => problem.path.join('.') === `query.${name}`)) {
          throw new PropertyViolation(`a bad ${name} was not named`, response)
        }
      }),
      fuzzParameters(30),
    )
    t.pass('every instant was answered')
  })

  t.test('hostile path segments are a 400 or a 404, never a 5xx', async (t) => {
    const template = fc.constantFrom('/v1/articles/:x', '/v1/articles/slug/:x', '/v1/sections/:x', '/v1/tags/slug/:x', '/v1/authors/:x/articles', '/v1/article-pages/:x', '/v1/promos/:x', '/v1/media/:x', '/v1/articles/:x/related-links/:x')
    // Kept within the router's 100-character parameter limit and to valid UTF-8: the rest is a known gap (below).
    const segment = fc.oneof(hostileString, fc.uuid(), fc.constantFrom('%00', '%2F', '..', '%2e%2e', '%E2%80%AE')).filter((value) => value.length > 0 && percentEncode(value).length <= 100)
    await fc.assert(
      fc.asyncProperty(template, segment, async (path, value) => {
        const raw = /^%[0-9A-F]{2}/.test(value) ? value : percentEncode(value)
        const response = await inject(app, { method: 'GET', url: path.replaceAll(':x', raw) })
        const { status } = checkRestResponse(response)
        if (UUID.test(value) && status === 400) throw new PropertyViolation('a well-formed id was refused', response)
      }),
      fuzzParameters(30),
    )
    t.pass('every path was answered')
  })

  // Fastify's router answers these itself, before any hook or error handler of ours runs; the
  // `frameworkErrors` option of Fastify(...) in src/app.ts gives them the API's shape.
  t.test('a path the router refuses still gets the API error shape', async (t) => {
    const longSlug = 'a'.repeat(150)
    for (const url of [`/v1/articles/slug/${longSlug}`, '/v1/articles/%', '/v1/articles/%C0%AF', '/v1/tags/slug/%ED%A0%80', `/v1/tags/slug/${'a'.repeat(700)}`]) {
      const response = await inject(app, { method: 'GET', url })
      t.doesNotThrow(() => checkRestResponse(response), `${url.slice(0, 40)}: ${response.statusCode} ${response.body.slice(0, 80)}`)
    }
    const long = await inject(app, { method: 'GET', url: `/v1/articles/slug/${longSlug}` })
    t.equal(long.statusCode, 404, 'a 150-character slug reaches the route (no such article)')
    t.equal((JSON.parse(long.body) as { error: { code: string } }).error.code, 'NOT_FOUND')
    const badEscape = await inject(app, { method: 'GET', url: '/v1/articles/%' })
    t.equal(badEscape.statusCode, 400)
    t.equal((JSON.parse(badEscape.body) as { error: { code: string } }).error.code, 'BAD_REQUEST')
  })

  t.test('conditional, auth, Accept and Content-Type headers in any form', async (t) => {
    const headerValue = hostileString.filter((value) => /^[\t\x20-\x7E\x80-\xFF]*$/.test(value))
    const etagLike = fc.oneof(headerValue, fc.constantFrom('"v1"', 'W/"v1"', '*', '"v0"', '"v-1"', '"v999999999"', '"v9999999999"', '"v1", "v2"', '"v1.5"', 'v1', '""', '"h"'))
    const authorization = fc.oneof(
      headerValue,
      fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${editor}x`, `bearer ${editor}`, `Bearer  ${editor}`, `Bearer ${'a'.repeat(201)}`, `Bearer ${editor} ${editor}`),
      fc.string({ minLength: 1, maxLength: 60 }).map((token) => `Bearer ${token}`),
    )
    const write = fc.constantFrom(
      { method: 'PATCH' as const, url: `/v1/tags/${content.tagId}`, body: { description: 'Ships' } },
      { method: 'PATCH' as const, url: `/v1/articles/${content.draftId}`, body: { headline: 'Changed' } },
      { method: 'DELETE' as const, url: `/v1/promos/${content.promoId}`, body: undefined },
      { method: 'POST' as const, url: `/v1/articles/${content.draftId}/publish`, body: {} },
      { method: 'PATCH' as const, url: '/v1/site', body: { tagline: 'x' } },
    )
    const headers = fc.record(
      {
        'if-match': etagLike,
        'if-none-match': etagLike,
        authorization,
        accept: fc.oneof(headerValue, fc.constantFrom('application/xml', 'text/html;q=0', '*/*;q=abc', 'application/graphql-response+json')),
        'content-type': fc.oneof(headerValue, fc.constantFrom('text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded')),
      },
      { requiredKeys: [] },
    )
    let writes = 0
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...readPaths).map((url) => ({ method: 'GET' as const, url, body: undefined })), write), headers, async (request, given) => {
        const response = await inject(app, {
          method: request.method,
          url: request.url,
          headers: given,
          ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
        })
        const { status, body } = checkRestResponse(response)
        if (request.method !== 'GET' && status < 300) writes++
        const code = status >= 400 ? (body as RestErrorBody).error.code : undefined
        // A token that is not a valid one is never read as the public.
        if (given.authorization !== undefined && given.authorization !== '' && ![editor, admin].some((token) => given.authorization === `Bearer ${token}` || given.authorization === `bearer ${token}` || given.authorization === `Bearer  ${token}`)) {
          if (status !== 401 || code !== 'UNAUTHENTICATED') throw new PropertyViolation('a bad Authorization header was not refused with 401', response)
        }
      }),
      fuzzParameters(60),
    )
    // No fuzzed header set carried both a valid token and the right If-Match and a JSON Content-Type, or it wrote.
    const after = await tableCounts(target.database)
    if (writes === 0) t.same(after, before, 'nothing was written')
    else t.pass(`${writes} fuzzed writes carried everything a write needs`)
  })

  t.test('the app still answers normally afterwards', async (t) => {
    const list = await inject(app, { method: 'GET', url: '/v1/articles?first=5' })
    t.equal(list.statusCode, 200)
    t.same((JSON.parse(list.body) as { nodes: { id: string }[] }).nodes.map((node) => node.id), [content.articleId])
    const one = await inject(app, { method: 'GET', url: `/v1/articles/${content.articleId}` })
    t.equal(one.statusCode, 200)
    const notModified = await inject(app, { method: 'GET', url: `/v1/articles/${content.articleId}`, headers: { 'if-none-match': String(one.headers.etag) } })
    t.equal(notModified.statusCode, 304, 'If-None-Match still works')
  })
})

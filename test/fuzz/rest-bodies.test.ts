import fc from 'fast-check'
import t from 'tap'
import {
  anyJson,
  buildFuzzTarget,
  checkRestResponse,
  deeplyNested,
  fuzzParameters,
  hostileString,
  inject,
  oneFieldSpoiled,
  PropertyViolation,
  tableCounts,
  type RestErrorBody,
} from '../helpers/fuzz.js'

/**
 * Hostile JSON bodies for every write under /v1: whatever arrives, the answer is a coded 4xx
 * (never a 5xx), a bad field is named where it was sent, and a refused write leaves no row behind.
 */

const notIso = hostileString.filter((value) => !/^\d{4}-\d{2}-\d{2}T/.test(value))
const notUuid = fc.oneof(hostileString, fc.uuid().map((id) => `${id}x`), fc.uuid().map((id) => id.slice(0, -1))).filter((value) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
const notSlug = hostileString.filter((value) => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) || value.length > 200)
// `__proto__` keys are refused by the JSON parser before any field is looked at: see below.
const notText = fc.oneof(fc.constantFrom(0, 1.5, true, [], {}, ['a'], { constructor: 'x' }, { prototype: {} }), fc.dictionary(fc.constantFrom('constructor', 'toString'), fc.string(), { minKeys: 1, maxKeys: 1 }))
const tooLong = (max: number) => fc.constantFrom('a', 'é', '🦄', "'", '%').map((unit) => unit.repeat(max + 1))
const blank = fc.constantFrom('', ' ', '\n\t ', '\u00A0')
const notUrl = fc.oneof(hostileString.filter((value) => !/^https?:\/\/[^\s]+$/.test(value)), fc.constantFrom('javascript:alert(1)', 'ftp://x.example', 'data:text/html,x', '//x.example'))
const notInt = fc.constantFrom(1.5, '1', true, [], {}, Number.MAX_SAFE_INTEGER + 2, -1e308)
const notEnum = hostileString.filter((value) => !/^[A-Z_]+$/.test(value))
const notArray = fc.oneof(hostileString, fc.constantFrom(0, true, {}, { 0: 'a', length: 1 }))

interface WriteRoute {
  name: string
  method: 'POST' | 'PATCH'
  url: string
  /** If-Match, read fresh before each request (undefined: the route takes none). */
  ifMatch?: () => Promise<string>
  valid: Record<string, unknown>
  spoilers: Record<string, fc.Arbitrary<unknown>>
}

t.test('REST write bodies under fuzzing', async (t) => {
  const target = await buildFuzzTarget(t)
  const { app, content, editor, admin } = target
  const paragraph = (text: string) => ({ _type: 'block', children: [{ _type: 'span', text }] })
  const etagOf = async (url: string) => {
    const response = await inject(app, { method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}preview=true`, headers: { authorization: `Bearer ${admin}` } })
    return String(response.headers.etag)
  }
  const article = `/v1/articles/${content.draftId}`

  const routes: WriteRoute[] = [
    {
      name: 'create article',
      method: 'POST',
      url: '/v1/articles',
      valid: { headline: 'Ports reopen', sectionId: content.sectionId, body: [paragraph('Cranes moved.')], authors: [{ authorId: content.authorId }], tagIds: [content.tagId] },
      spoilers: {
        headline: fc.oneof(notText, blank, tooLong(300)),
        slug: notSlug,
        sectionId: notUuid,
        body: fc.oneof(notArray, fc.constant([{ _type: 'script', text: 'x' }]), fc.constant([{ _type: 'block', children: [{ _type: 'span', text: 1 }] }])),
        authors: fc.oneof(notArray, fc.constant([{ authorId: 'x' }]), fc.constant([{ authorId: content.authorId }, { authorId: content.authorId }])),
        tagIds: fc.oneof(notArray, notUuid.map((id) => [id])),
        related: fc.oneof(notArray, fc.constant([{ url: 'javascript:alert(1)', headline: 'x' }])),
        leadImageId: notUuid,
        dek: fc.oneof(notText, tooLong(1000)),
      },
    },
    {
      name: 'change article',
      method: 'PATCH',
      url: article,
      ifMatch: () => etagOf(article),
      valid: { headline: 'A new headline' },
      spoilers: { headline: fc.oneof(notText, blank, tooLong(300)), slug: notSlug, sectionId: notUuid, label: fc.oneof(notText, tooLong(50)), teaser: notText },
    },
    {
      name: 'create section',
      method: 'POST',
      url: '/v1/sections',
      valid: { name: 'Business', kind: 'STANDARD', position: 1 },
      spoilers: { name: fc.oneof(notText, blank, tooLong(100)), slug: notSlug, kind: notEnum, position: fc.oneof(notInt, fc.constantFrom(-1, 100_001)), parentId: notUuid },
    },
    {
      name: 'change section',
      method: 'PATCH',
      url: `/v1/sections/${content.sectionId}`,
      ifMatch: () => etagOf(`/v1/sections/${content.sectionId}`),
      valid: { tagline: 'All the world' },
      spoilers: { tagline: fc.oneof(notText, tooLong(200)), kind: notEnum, parentId: notUuid },
    },
    {
      name: 'create author',
      method: 'POST',
      url: '/v1/authors',
      valid: { name: 'Ann Other', socialLinks: [{ network: 'Mastodon', url: 'https://social.example/@ann' }] },
      spoilers: {
        name: fc.oneof(notText, blank, tooLong(200)),
        photoId: notUuid,
        socialLinks: fc.oneof(notArray, notUrl.map((url) => [{ network: 'x', url }])),
        bio: fc.oneof(notText, tooLong(5000)),
      },
    },
    {
      name: 'create tag',
      method: 'POST',
      url: '/v1/tags',
      valid: { name: 'Shipping' },
      spoilers: { name: fc.oneof(notText, blank, tooLong(100)), slug: notSlug, description: notText },
    },
    {
      name: 'change tag',
      method: 'PATCH',
      url: `/v1/tags/${content.tagId}`,
      ifMatch: () => etagOf(`/v1/tags/${content.tagId}`),
      valid: { description: 'Ships and ports' },
      spoilers: { name: fc.oneof(notText, blank), description: fc.oneof(notText, tooLong(1000)) },
    },
    {
      name: 'create media',
      method: 'POST',
      url: '/v1/media',
      valid: { url: 'https://img.example/a.jpg', mimeType: 'image/jpeg', alt: 'Cranes', width: 1600, height: 900 },
      spoilers: { url: notUrl, mimeType: hostileString.filter((v) => !/^(image|video|audio)\/[\w.+-]+$/.test(v)), width: fc.oneof(notInt, fc.constantFrom(0, -5, 100_001)), licenceExpiresAt: notIso, licenceUrl: notUrl },
    },
    {
      name: 'create promo',
      method: 'POST',
      url: '/v1/promos',
      valid: { kind: 'CTA', placement: 'END', title: 'Subscribe', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' },
      spoilers: { kind: notEnum, placement: notEnum, title: fc.oneof(notText, blank), startsAt: notIso, endsAt: fc.oneof(notIso, fc.constant('2025-01-01T00:00:00Z')), priority: fc.oneof(notInt, fc.constantFrom(1001, -1001)), linkUrl: notUrl },
    },
    {
      name: 'change promo',
      method: 'PATCH',
      url: `/v1/promos/${content.promoId}`,
      ifMatch: () => etagOf(`/v1/promos/${content.promoId}`),
      valid: { title: 'Subscribe today' },
      spoilers: { title: fc.oneof(notText, blank, tooLong(300)), sectionId: notUuid, body: notArray },
    },
    {
      name: 'add related link',
      method: 'POST',
      url: `${article}/related-links`,
      ifMatch: () => etagOf(article),
      valid: { link: { url: 'https://other.example/story', headline: 'Elsewhere' }, position: 0 },
      spoilers: {
        link: fc.oneof(notText, fc.constant({ url: 'https://other.example' }), notUrl.map((url) => ({ url, headline: 'x' })), notUuid.map((articleId) => ({ articleId }))),
        position: fc.oneof(notInt, fc.constantFrom(-1, 20)),
      },
    },
    {
      name: 'publish article',
      method: 'POST',
      url: `${article}/publish`,
      ifMatch: () => etagOf(article),
      valid: { at: '2099-01-01T00:00:00Z' },
      spoilers: { at: fc.oneof(notIso, fc.constantFrom(0, true, {}, '2026-13-01T00:00:00Z', '2026-01-01T00:00:00')) },
    },
    {
      name: 'change site',
      method: 'PATCH',
      url: '/v1/site',
      ifMatch: () => etagOf('/v1/site'),
      valid: { tagline: 'News' },
      spoilers: { name: fc.oneof(notText, blank), language: hostileString.filter((v) => !/^[a-z]{2,3}(-[A-Z]{2})?$/.test(v)), url: notUrl, socialLinks: notArray, timezone: fc.oneof(notText, blank) },
    },
  ]

  const routeNamed = (name: string) => routes.find((route) => route.name === name)!
  const routeName = fc.constantFrom(...routes.map((route) => route.name))
  // Publishing takes an optional body (no body, null or {} mean "now"): junk may rightly publish.
  const routeNeedingBody = fc.constantFrom(...routes.filter((route) => route.name !== 'publish article').map((route) => route.name))

  const send = async (route: WriteRoute, payload: string, headers: Record<string, string> = {}) =>
    inject(app, {
      method: route.method,
      url: route.url,
      headers: {
        authorization: `Bearer ${route.url === '/v1/site' ? admin : editor}`,
        'content-type': 'application/json',
        ...(route.ifMatch ? { 'if-match': await route.ifMatch() } : {}),
        ...headers,
      },
      payload,
    })

  const before = await tableCounts(target.database)

  t.test('a body with one field spoiled is a 400 that names that field, and changes nothing', async (t) => {
    let cases = 0
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(oneFieldSpoiled(route.valid, route.spoilers), async ({ field, input }) => {
          cases++
          const response = await send(route, JSON.stringify(input))
          const { status, body } = checkRestResponse(response)
          if (status !== 400) throw new PropertyViolation(`${route.name}: expected 400 for a bad ${field}`, response)
          const problems = (body as RestErrorBody).error.problems ?? []
          // Where the bad value sits: the field itself, or (for a body-wide rule) the body.
          if (!problems.some((problem) => problem.path[0] === 'body' && (problem.path[1] === field || problem.path.length === 1))) {
            throw new PropertyViolation(`${route.name}: no problem names body.${field}`, response)
          }
        }),
        fuzzParameters(65, routes.length),
      )
    }
    t.ok(cases >= routes.length, `${cases} spoiled bodies were refused with the field named`)
    t.same(await tableCounts(target.database), before, 'no row was written, no version moved')
  })

  t.test('a reference to nothing passes the schema but is refused in the service, with nothing half-written', async (t) => {
    const dangling = fc.oneof(
      fc.uuid().map((id) => ({ field: 'sectionId', input: { headline: 'Dangling section', sectionId: id } })),
      fc.uuid().map((id) => ({ field: 'leadImageId', input: { headline: 'Dangling image', leadImageId: id } })),
      fc.uuid().map((id) => ({ field: 'authors', input: { headline: 'Dangling author', body: [paragraph('x')], authors: [{ authorId: content.authorId }, { authorId: id }] } })),
      fc.uuid().map((id) => ({ field: 'tagIds', input: { headline: 'Dangling tag', tagIds: [content.tagId, id] } })),
      fc.uuid().map((id) => ({ field: 'related', input: { headline: 'Dangling link', related: [{ url: 'https://x.example', headline: 'x' }, { articleId: id }] } })),
      fc.constant({ field: 'slug', input: { headline: 'Taken slug', slug: content.articleSlug } }),
    )
    await fc.assert(
      fc.asyncProperty(dangling, async ({ field, input }) => {
        const response = await send(routeNamed('create article'), JSON.stringify(input))
        const { status, body } = checkRestResponse(response)
        if (status !== 400) throw new PropertyViolation(`expected 400 for a dangling ${field}`, response)
        if (!(body as RestErrorBody).error.problems?.some((p) => p.path[1] === field)) throw new PropertyViolation(`no problem names body.${field}`, response)
      }),
      fuzzParameters(15),
    )
    t.same(await tableCounts(target.database), before, 'no article, byline, tag link, revision or audit event was left behind')
  })

  t.test('any JSON at all, or no JSON, is never a 5xx and never a write', async (t) => {
    const raw = fc.oneof(
      { weight: 4, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: deeplyNested },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
      { weight: 1, arbitrary: fc.constantFrom('', 'null', '{', '{"headline":"a"', '[]', '"x"', '{"__proto__":{"headline":"polluted"}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '\uFEFF{}', '{"a":1}\u0000') },
    )
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(routeNeedingBody, raw, async (name, payload) => {
        const response = await send(routeNamed(name), payload)
        const { status } = checkRestResponse(response)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status < 300) throw new PropertyViolation(`${name}: a fuzzed body was accepted`, response)
      }),
      fuzzParameters(30, 1, [['create tag', '{}']]),
    )
    t.ok((statuses.get(400) ?? 0) > 0, `answers: ${JSON.stringify(Object.fromEntries(statuses))}`)
    t.same(await tableCounts(target.database), before, 'nothing was written')
  })

  t.test('prototype keys beside a valid body never reach an object or a row', async (t) => {
    const polluted = fc.record({ name: routeName, key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: anyJson })
    await fc.assert(
      fc.asyncProperty(polluted, async ({ name, key, value }) => {
        const route = routeNamed(name)
        const payload = `{${JSON.stringify(key)}:${JSON.stringify({ polluted: value })},${JSON.stringify(route.valid).slice(1)}`
        const response = await send(route, payload)
        const { status } = checkRestResponse(response)
        // __proto__ is refused outright (400); other unknown keys are dropped and the write may go ahead.
        if (key === '__proto__' && status !== 400) throw new PropertyViolation('a __proto__ key was accepted', response)
        if (({} as Record<string, unknown>).polluted !== undefined) throw new PropertyViolation('Object.prototype was polluted', response)
        if (response.body.includes('"polluted"')) throw new PropertyViolation('an unknown key was stored', response)
      }),
      fuzzParameters(10),
    )
    t.pass('no prototype was polluted')
  })

  t.test('a body that does not match its Content-Type is a coded 4xx', async (t) => {
    const contentType = fc.oneof(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml', 'application/json;;', '*/*', 'application/graphql'), hostileString.filter((v) => /^[\t\x20-\x7E]*$/.test(v)))
    await fc.assert(
      fc.asyncProperty(routeName, contentType, fc.constantFrom(...routes.map((r) => JSON.stringify(r.valid)), 'headline=x', '<a/>'), async (name, type, payload) => {
        const route = routeNamed(name)
        const response = await send(route, payload, { 'content-type': type })
        const { status } = checkRestResponse(response)
        // A valid body under a JSON media type with parameters may pass; it must then be a real write.
        if (status < 300 && !/^application\/json/i.test(type)) throw new PropertyViolation(`${route.name}: accepted a ${type} body`, response)
      }),
      fuzzParameters(15),
    )
    t.pass('every mismatched body got a coded answer')
  })

  t.test('the app still answers and writes normally afterwards', async (t) => {
    const read = await inject(app, { method: 'GET', url: `/v1/articles/${content.articleId}` })
    t.equal(read.statusCode, 200)
    t.equal((JSON.parse(read.body) as { slug: string }).slug, content.articleSlug)
    const created = await send(routeNamed('create tag'), JSON.stringify({ name: 'After the storm' }))
    t.equal(created.statusCode, 201)
    t.match(JSON.parse(created.body), { slug: 'after-the-storm', version: 1 })
  })
})

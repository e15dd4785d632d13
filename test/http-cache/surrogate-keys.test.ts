import t from 'tap'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const keysOf = (header: string | string[] | number | undefined) => new Set(String(header ?? '').split(' ').filter(Boolean))

t.test('responses name every entity and list they contain in Surrogate-Key', async (t) => {
  const { app, database } = await buildTestApp(t)
  const make = fixtures(database.db)
  const parent = await make.section()
  const section = await make.section({ parentId: parent.id })
  const author = await make.author()
  const tag = await make.tag()
  const photo = await make.media()
  const story = await make.article({ sectionId: section.id, authors: [{ id: author.id }], tagIds: [tag.id], leadImageId: photo.id })
  const other = await make.article({ sectionId: parent.id })
  const draft = await make.article({ status: 'draft', sectionId: section.id })

  const get = (query: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}`, headers })

  t.test('an article list: each article, its relations, and the list itself', async (t) => {
    const response = await get('{ articles(first: 10) { nodes { headline section { name } authors { name } tags { name } leadImage { url } } } }')
    t.equal(response.statusCode, 200)
    const keys = keysOf(response.headers['surrogate-key'])
    for (const key of [`article:${story.id}`, `article:${other.id}`, `section:${section.id}`, `section:${parent.id}`, `author:${author.id}`, `tag:${tag.id}`, `media:${photo.id}`, 'articles']) {
      t.ok(keys.has(key), `has ${key}`)
    }
    t.notOk(keys.has(`article:${draft.id}`), 'a draft is not in a public response, so not in its keys')
    t.notOk(keys.has('site'), 'nothing that was not asked for')
  })

  t.test('only what the query selected is tagged', async (t) => {
    const response = await get('{ articles(first: 10) { nodes { headline } } }')
    const keys = keysOf(response.headers['surrogate-key'])
    t.ok(keys.has(`article:${story.id}`))
    t.notOk(keys.has(`section:${section.id}`), 'the section was not selected')
    t.notOk(keys.has(`author:${author.id}`))
  })

  t.test('relation lists carry their owner-scoped list key', async (t) => {
    const bySection = await get(`{ section(slug: "${section.slug}") { name articles(first: 5) { nodes { id } } } }`)
    t.ok(keysOf(bySection.headers['surrogate-key']).has(`section:${section.id}:articles`))
    const byAuthor = await get(`{ author(slug: "${author.slug}") { articles(first: 5) { nodes { id } } } }`)
    t.ok(keysOf(byAuthor.headers['surrogate-key']).has(`author:${author.id}:articles`))
    const byTag = await get(`{ tag(slug: "${tag.slug}") { articles(first: 5) { nodes { id } } } }`)
    t.ok(keysOf(byTag.headers['surrogate-key']).has(`tag:${tag.id}:articles`))
    const latest = await get('{ latest(first: 3) { id } site { name } sections { name } }')
    const keys = keysOf(latest.headers['surrogate-key'])
    for (const key of ['articles:latest', 'site', 'sections', `section:${parent.id}`]) t.ok(keys.has(key), `has ${key}`)
  })

  t.test('public reads are shareable; token reads and failures are private', async (t) => {
    const query = `{ article(slug: "${story.slug}") { headline } }`
    const publicResponse = await get(query)
    t.match(publicResponse.headers['cache-control'], /^public, max-age=30, s-maxage=300, stale-while-revalidate=60/)
    t.match(publicResponse.headers.etag, /^"h[\w-]+"$/)
    const again = await get(query, { 'if-none-match': String(publicResponse.headers.etag) })
    t.equal(again.statusCode, 304)
    t.equal(again.body, '')

    const { token } = await issueToken(database.db, OPERATOR, { name: 'preview', role: 'preview' })
    const withToken = await get(query, { authorization: `Bearer ${token}` })
    t.equal(withToken.statusCode, 200)
    t.equal(withToken.headers['cache-control'], 'private, no-store')

    const post = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
    t.equal(post.headers['cache-control'], 'private, no-store', 'POST responses are not shared')
    const refused = await get(query, { authorization: 'Bearer not-a-real-token-at-all' })
    t.equal(refused.statusCode, 401)
    t.equal(refused.headers['cache-control'], 'private, no-store')
    const missing = await get('{ nope }')
    t.equal(missing.headers['cache-control'], 'private, no-store', 'errors are not cached')
  })

  t.test('health probes are never cached', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    t.equal(response.headers['cache-control'], 'no-store')
  })
})

t.test('cache lifetimes come from the configuration', async (t) => {
  const { app } = await buildTestApp(t, { CACHE_MAX_AGE: '5', CACHE_S_MAXAGE: '600', CACHE_STALE_WHILE_REVALIDATE: '30', CACHE_STALE_IF_ERROR: '0' })
  const response = await app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ site { name } }')}` })
  t.equal(response.headers['cache-control'], 'public, max-age=5, s-maxage=600, stale-while-revalidate=30, stale-if-error=0')
})

import { createHash } from 'node:crypto'
import t from 'tap'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const persisted = (hash: string, version = 1) => ({ persistedQuery: { version, sha256Hash: hash } })

t.test('automatic persisted queries', async (t) => {
  const { app, database } = await buildTestApp(t)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'climate' })
  const article = await f.article({ slug: 'persisted-story', sectionId: section.id })

  const QUERY = 'query Story($slug: String!) { article(slug: $slug) { slug section { slug } } }'
  const HASH = sha256(QUERY)
  const variables = { slug: 'persisted-story' }
  const expected = { data: { article: { slug: 'persisted-story', section: { slug: 'climate' } } } }
  const post = (payload: Record<string, unknown>, accept = 'application/json') => app.inject({ method: 'POST', url: '/graphql', headers: { accept }, payload })
  const getUrl = (hash: string) => `/graphql?${new URLSearchParams({ extensions: JSON.stringify(persisted(hash)), variables: JSON.stringify(variables) }).toString()}`

  t.test('a hash the server has not seen: PERSISTED_QUERY_NOT_FOUND, never cached', async (t) => {
    const response = await post({ extensions: persisted(HASH), variables })
    t.equal(response.statusCode, 400)
    t.same(response.json(), { data: null, errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] })
    const overGet = await app.inject({ method: 'GET', url: getUrl(HASH) })
    t.equal(overGet.statusCode, 400)
    t.equal(overGet.json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code, 'PERSISTED_QUERY_NOT_FOUND')
    t.equal(overGet.headers['cache-control'], 'private, no-store', 'a CDN must not keep the miss: the next request may find it')
    const modern = await post({ extensions: persisted(HASH), variables }, 'application/graphql-response+json')
    t.same(modern.json(), { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] }, 'a request error: no data entry')
  })

  t.test('the hash with its query runs it and remembers it', async (t) => {
    const response = await post({ query: QUERY, extensions: persisted(HASH), variables })
    t.equal(response.statusCode, 200)
    t.same(response.json(), expected)
  })

  t.test('then the hash alone works, over GET with public cache headers', async (t) => {
    const response = await app.inject({ method: 'GET', url: getUrl(HASH) })
    t.equal(response.statusCode, 200)
    t.same(response.json(), expected)
    t.match(response.headers['cache-control'], /^public, max-age=30, s-maxage=300/)
    t.ok(response.headers.etag)
    t.same(String(response.headers['surrogate-key']).split(' ').sort(), [`article:${article.id}`, `section:${section.id}`].sort())
    const revalidated = await app.inject({ method: 'GET', url: getUrl(HASH), headers: { 'if-none-match': String(response.headers.etag) } })
    t.equal(revalidated.statusCode, 304)
    const overPost = await post({ extensions: persisted(HASH), variables: { slug: 'no-such-story' } })
    t.same(overPost.json(), { data: { article: null } }, 'and over POST, with other variables')
  })

  t.test('a hash that is not the query’s is refused, and nothing is stored under it', async (t) => {
    const other = '{ __typename }'
    const response = await post({ query: other, extensions: persisted(HASH) })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { data: null, errors: [{ message: /not the SHA-256 of the query/, extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }] })
    t.same((await post({ extensions: persisted(HASH), variables })).json(), expected, 'the hash still means the original query')
    const wrong = sha256('something else')
    await post({ query: other, extensions: persisted(wrong) })
    t.equal((await post({ extensions: persisted(wrong) })).json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code, 'PERSISTED_QUERY_NOT_FOUND')
  })

  t.test('an unknown protocol version or a malformed hash is refused with a clear code', async (t) => {
    const version2 = await post({ extensions: persisted(HASH, 2) })
    t.equal(version2.statusCode, 400)
    t.same(version2.json(), { data: null, errors: [{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }] })
    const malformed = await post({ extensions: persisted('abc') })
    t.equal(malformed.statusCode, 400)
    t.match(malformed.json(), { errors: [{ message: /64 lowercase hex digits/, extensions: { code: 'BAD_REQUEST' } }] })
  })

  t.test('a very long document is answered but not remembered, which bounds the memory used', async (t) => {
    const long = `# ${'padding '.repeat(9000)}\n{ __typename }`
    const hash = sha256(long)
    t.same((await post({ query: long, extensions: persisted(hash) })).json(), { data: { __typename: 'Query' } })
    t.equal((await post({ extensions: persisted(hash) })).json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code, 'PERSISTED_QUERY_NOT_FOUND')
  })

  t.test('a persisted mutation still cannot run over GET', async (t) => {
    const MUTATION = 'mutation { createTag(input: { name: "Persisted" }) { slug } }'
    const hash = sha256(MUTATION)
    // Registering it needs no token: the document is stored once it has been executed, even when refused.
    await post({ query: MUTATION, extensions: persisted(hash) })
    const response = await app.inject({ method: 'GET', url: `/graphql?${new URLSearchParams({ extensions: JSON.stringify(persisted(hash)) }).toString()}` })
    t.equal(response.statusCode, 405)
    t.equal(response.headers.allow, 'POST')
    t.equal(response.json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code, 'METHOD_NOT_ALLOWED')
  })
})

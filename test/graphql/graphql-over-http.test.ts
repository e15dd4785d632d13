import { eq } from 'drizzle-orm'
import { serverAudits, type AuditResult } from 'graphql-http'
import t from 'tap'
import { tags } from '../../src/db/tables/index.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { negotiateMediaType } from '../../src/graphql/graphql-over-http.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const MODERN = 'application/graphql-response+json'

/**
 * Audits of graphql-http that do not pass, on purpose. Anything else not passing — or one of these
 * starting to pass — fails the test, so the list stays true.
 */
const KNOWN_NOT_PASSING: Record<string, string> = {
  '572B': 'deliberate: a parse error is a 400 with application/json too (bad input is a 4xx with a stable code in this API)',
  FDE2: 'deliberate: a validation error is a 400 with application/json too (bad input is a 4xx with a stable code in this API)',
  '7B9B': 'deliberate: a variable coercion error is a 400 with application/json too (bad input is a 4xx with a stable code in this API)',
}

t.test('the graphql-http server audits', async (t) => {
  const { app } = await buildTestApp(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const audits = serverAudits({ url: `${address}/graphql` })
  // One after another: the results stay readable in the server log and no audit races another.
  const results: AuditResult[] = []
  for (const audit of audits) results.push(await audit.fn())

  const level = (result: AuditResult) => result.name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY'
  const musts = results.filter((result) => level(result) === 'MUST')
  t.ok(musts.length >= 13, `${musts.length} MUST audits ran`)
  for (const result of musts) {
    t.equal(result.status, 'ok', `${result.id} ${result.name}${result.status === 'ok' ? '' : `: ${result.reason}`}`)
  }

  const notPassing = results.filter((result) => level(result) !== 'MUST' && result.status !== 'ok')
  for (const result of notPassing) {
    const reason = result.status === 'ok' ? '' : result.reason
    t.comment(`not passing: ${result.id} ${result.name} — ${reason}; ${KNOWN_NOT_PASSING[result.id] ?? 'UNEXPECTED'}`)
  }
  t.same(notPassing.map((result) => result.id).sort(), Object.keys(KNOWN_NOT_PASSING).sort(), 'only the known SHOULD/MAY audits do not pass')
  for (const requirement of ['MUST', 'SHOULD', 'MAY'] as const) {
    const all = results.filter((result) => level(result) === requirement)
    t.comment(`${requirement}: ${all.filter((result) => result.status === 'ok').length} of ${all.length} pass`)
  }
})

t.test('content negotiation', async (t) => {
  const { app } = await buildTestApp(t)
  const post = (accept: string | undefined, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/graphql', headers: accept === undefined ? {} : { accept }, payload })

  t.test('which media type answers which Accept header', async (t) => {
    const cases: [string | undefined, string][] = [
      [undefined, 'application/json'],
      ['*/*', 'application/json'],
      ['application/json', 'application/json'],
      [MODERN, MODERN],
      [`${MODERN}, application/json`, MODERN],
      [`application/json, ${MODERN}`, 'application/json'],
      [`application/json;q=0.9, ${MODERN}`, MODERN],
      [`${MODERN};q=0.5, application/json`, 'application/json'],
      [`${MODERN}, */*;q=0.1`, MODERN],
      ['application/*', 'application/json'],
      ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json'],
      [`${MODERN};q=0`, 'application/json'],
    ]
    for (const [accept, expected] of cases) {
      t.equal(negotiateMediaType(accept), expected, String(accept))
      const response = await post(accept, { query: '{ __typename }' })
      t.equal(response.statusCode, 200)
      t.equal(response.headers['content-type'], `${expected}; charset=utf-8`, `answered for ${String(accept)}`)
      t.same(response.json(), { data: { __typename: 'Query' } })
    }
  })

  t.test('with application/graphql-response+json, a request error is a 400 without a data entry', async (t) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ query: '{' }, 'GRAPHQL_PARSE_FAILED'],
      [{ query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: 'query ($slug: String!) { article(slug: $slug) { slug } }', variables: { slug: null } }, 'BAD_USER_INPUT'],
      [{ query: '{ latest { slug } }', variables: 0 }, 'BAD_REQUEST'],
    ]
    for (const [payload, code] of cases) {
      const response = await post(MODERN, payload)
      t.equal(response.statusCode, 400, code)
      t.equal(response.headers['content-type'], `${MODERN}; charset=utf-8`)
      const body = response.json<Record<string, unknown>>()
      t.notOk('data' in body, `${code}: no data entry`)
      t.match(body, { errors: [{ message: String, extensions: { code } }] })
    }
  })

  t.test('with application/json, a request error keeps its 400 and data: null', async (t) => {
    const response = await post('application/json', { query: '{' })
    t.equal(response.statusCode, 400)
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    t.match(response.json(), { data: null, errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] })
  })

  t.test('an execution that failed as a whole keeps its domain status and its data: null', async (t) => {
    const response = await post(MODERN, { query: '{ articlePage(slug: "no-such-story") { at } }' })
    t.equal(response.statusCode, 404)
    t.equal(response.headers['content-type'], `${MODERN}; charset=utf-8`)
    t.match(response.json(), { data: null, errors: [{ extensions: { code: 'NOT_FOUND' } }] })
  })

  t.test('even a body that is not JSON is answered in the negotiated type', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { accept: MODERN, 'content-type': 'application/json' }, payload: '{"query": ' })
    t.equal(response.statusCode, 400)
    t.equal(response.headers['content-type'], `${MODERN}; charset=utf-8`)
    t.match(response.json(), { errors: [{ extensions: { code: 'BAD_REQUEST' } }] })
  })

  t.test('request parameters are read as the spec says, not coerced', async (t) => {
    for (const parameter of ['variables', 'extensions', 'operationName']) {
      const response = await post('application/json', { query: '{ __typename }', [parameter]: null })
      t.equal(response.statusCode, 200, `${parameter}: null is allowed`)
      t.same(response.json(), { data: { __typename: 'Query' } })
    }
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ query: '{ __typename }', variables: 0 }, /variables must be a JSON object/],
      [{ query: '{ __typename }', variables: false }, /variables must be a JSON object/],
      [{ query: '{ __typename }', variables: ['x'] }, /variables must be a JSON object \(or null\), not an array/],
      [{ query: '{ __typename }', extensions: 'x' }, /extensions must be a JSON object/],
      [{ query: 0 }, /query must be a string/],
      [{ query: '{ __typename }', operationName: 1 }, /operationName must be a string/],
      [{ qeury: '{ __typename }' }, /query is missing/],
    ]
    for (const [payload, message] of refused) {
      const response = await post(undefined, payload)
      t.equal(response.statusCode, 400, JSON.stringify(payload))
      t.match(response.json(), { data: null, errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] })
    }
    const batch = await app.inject({ method: 'POST', url: '/graphql', payload: [{ query: '{ __typename }' }] })
    t.equal(batch.statusCode, 400)
    t.match(batch.json(), { errors: [{ message: /batches are not supported/, extensions: { code: 'BAD_REQUEST' } }] })
  })
})

t.test('queries over GET', async (t) => {
  const { app, database } = await buildTestApp(t)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'world' })
  const article = await f.article({ slug: 'over-get', sectionId: section.id })
  const { token } = await issueToken(database.db, OPERATOR, { name: 'get test', role: 'admin' })
  const QUERY = 'query ($slug: String!) { article(slug: $slug) { slug section { slug } } }'
  const url = `/graphql?${new URLSearchParams({ query: QUERY, variables: JSON.stringify({ slug: 'over-get' }) }).toString()}`

  t.test('a public query is cacheable: Cache-Control, ETag, 304 and the entities it contains', async (t) => {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 200)
    t.same(response.json(), { data: { article: { slug: 'over-get', section: { slug: 'world' } } } })
    t.match(response.headers['cache-control'], /^public, max-age=30, s-maxage=300/)
    t.match(response.headers.vary, /Accept/)
    const etag = response.headers.etag
    t.match(etag, /^"h[\w-]+"$/)
    t.same(String(response.headers['surrogate-key']).split(' ').sort(), [`article:${article.id}`, `section:${section.id}`].sort())

    const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(etag) } })
    t.equal(again.statusCode, 304)
    t.equal(again.body, '')
    t.equal(again.headers.etag, etag)

    const modern = await app.inject({ method: 'GET', url, headers: { accept: MODERN } })
    t.equal(modern.headers['content-type'], `${MODERN}; charset=utf-8`)
    t.not(modern.headers.etag, undefined)
  })

  t.test('the same query with a token is private and never stored', async (t) => {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
    t.equal(response.statusCode, 200)
    t.same(response.json(), { data: { article: { slug: 'over-get', section: { slug: 'world' } } } })
    t.equal(response.headers['cache-control'], 'private, no-store')
  })

  t.test('a refused GET is private too', async (t) => {
    const response = await app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ nope }')}` })
    t.equal(response.statusCode, 400)
    t.equal(response.headers['cache-control'], 'private, no-store')
    t.match(response.json(), { errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] })
    const badVariables = await app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ __typename }')}&variables=%7Bnot-json` })
    t.equal(badVariables.statusCode, 400)
    t.match(badVariables.json(), { errors: [{ message: /variables must be a URL-encoded JSON object/, extensions: { code: 'BAD_REQUEST' } }] })
  })

  t.test('mutations over GET or HEAD are refused with 405 and Allow: POST, and change nothing', async (t) => {
    const mutation = `/graphql?query=${encodeURIComponent('mutation { createTag(input: { name: "Via GET" }) { id } }')}`
    for (const method of ['GET', 'HEAD'] as const) {
      for (const accept of ['application/json', MODERN]) {
        const response = await app.inject({ method, url: mutation, headers: { authorization: `Bearer ${token}`, accept } })
        t.equal(response.statusCode, 405, `${method} ${accept}`)
        t.equal(response.headers.allow, 'POST')
        t.equal(response.headers['cache-control'], 'private, no-store')
        if (method === 'GET') {
          t.match(response.json(), { errors: [{ message: /send mutations with POST/, extensions: { code: 'METHOD_NOT_ALLOWED' } }] })
        }
      }
    }
    // A document holding both: the operation picked by name decides.
    const both = new URLSearchParams({ query: 'query Read { __typename } mutation Write { createTag(input: { name: "Via GET" }) { id } }', operationName: 'Write' })
    const head = await app.inject({ method: 'HEAD', url: `/graphql?${both.toString()}`, headers: { authorization: `Bearer ${token}` } })
    t.equal(head.statusCode, 405)
    both.set('operationName', 'Read')
    const read = await app.inject({ method: 'GET', url: `/graphql?${both.toString()}` })
    t.equal(read.statusCode, 200)
    t.same(read.json(), { data: { __typename: 'Query' } })
    t.same(await database.db.select().from(tags).where(eq(tags.slug, 'via-get')), [], 'no tag was created')

    const viaPost = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query: 'mutation { createTag(input: { name: "Via GET" }) { slug } }' } })
    t.same(viaPost.json(), { data: { createTag: { slug: 'via-get' } } }, 'the same mutation works over POST')
  })
})

import t from 'tap'
import { buildTestApp } from '../helpers/test-app.js'

t.test('GraphQL errors carry stable codes and never internals', async (t) => {
  const { app, graphql, database } = await buildTestApp(t)

  t.test('a syntax error', async (t) => {
    const response = await graphql('{ articles(first: ) }')
    t.equal(response.status, 400)
    t.equal(response.errors?.[0]?.extensions.code, 'GRAPHQL_PARSE_FAILED')
  })

  t.test('an unknown field', async (t) => {
    const response = await graphql('{ article(slug: "x") { password } }')
    t.equal(response.status, 400)
    t.equal(response.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED')
    t.match(response.errors?.[0]?.message, /password/)
  })

  t.test('a missing required argument and a wrong variable type', async (t) => {
    const missing = await graphql('{ articlePage { at } }')
    t.equal(missing.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED')
    const neither = await graphql('{ article { slug } }')
    t.equal(neither.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
    t.match(neither.errors?.[0]?.message, /exactly one of slug or id/)
    const wrongType = await graphql('query ($n: Int) { articles(first: $n) { totalCount } }', { n: 'ten' })
    t.equal(wrongType.status, 400)
    t.equal(wrongType.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
  })

  t.test('a query nested too deep is refused before it runs', async (t) => {
    const deep = '{ sections { children { children { children { children { children { children { children { children { children { children { children { slug } } } } } } } } } } } } }'
    const response = await graphql(deep)
    t.equal(response.status, 400)
    t.match(response.errors?.[0], { extensions: { code: 'QUERY_TOO_DEEP', limit: 12, depth: 13 }, message: /13 levels deep; the limit is 12/ })
    const viaFragments = await graphql(`fragment Deep on Section { children { children { children { children { children { children { slug } } } } } } }
      { sections { children { children { children { children { children { children { ...Deep } } } } } } } }`)
    t.equal(viaFragments.errors?.[0]?.extensions.code, 'QUERY_TOO_DEEP', 'fragments are followed')
  })

  t.test('introspection (what GraphiQL sends) is not limited by depth', async (t) => {
    const { getIntrospectionQuery } = await import('graphql')
    const response = await graphql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery())
    t.equal(response.status, 200)
    t.equal(response.errors, undefined)
    t.ok(response.data.__schema.types.length > 30)
  })

  t.test('an unexpected failure is a 500 with no details, and is logged', async (t) => {
    await database.close()
    const response = await graphql('{ latest { slug } }')
    t.equal(response.status, 500)
    t.same(response.errors?.map((e) => [e.message, e.extensions.code]), [['Internal server error', 'INTERNAL_SERVER_ERROR']])
    t.notMatch(JSON.stringify(response), /stack|PGlite|pg_|closed|at /i)
  })

  t.test('malformed HTTP bodies get a coded 400', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { data: null, errors: [{ message: /not valid JSON/, extensions: { code: 'BAD_REQUEST' } }] })
    const empty = await app.inject({ method: 'POST', url: '/graphql', payload: {} })
    t.equal(empty.statusCode, 400)
    t.match(empty.json(), { errors: [{ extensions: { code: 'BAD_REQUEST' } }] })
  })
})

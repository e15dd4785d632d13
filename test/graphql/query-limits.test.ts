import { readFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { Kind, parse, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql'
import t from 'tap'
import { ARTICLE_PAGE_QUERY } from '../../bench/workloads.js'
import { loadConfig } from '../../src/config.js'
import { tags } from '../../src/db/tables/index.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { operationCost } from '../../src/graphql/cost-limit.js'
import { operationDepth } from '../../src/graphql/depth-limit.js'
import { projectRoot } from '../../src/paths.js'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp, type GraphqlResponse } from '../helpers/test-app.js'

/** Cost and depth of each operation in a document, as the limits measure them. */
function measure(schema: GraphQLSchema, source: string, variables: Record<string, unknown> = {}): { cost: number; depth: number }[] {
  const document = parse(source)
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
  }
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION ? [{ cost: operationCost(schema, definition, fragments, variables), depth: operationDepth(definition, fragments) }] : [],
  )
}

const refusal = (response: GraphqlResponse<unknown>) => ({ status: response.status, data: response.data, ...response.errors?.[0]?.extensions })

t.test('the cost limit', async (t) => {
  // A small limit, so "at" and "just over" are easy to write.
  const { app, graphql, database } = await buildTestApp(t, { GRAPHQL_MAX_COST: '100' })
  const f = fixtures(database.db)
  for (let i = 0; i < 3; i++) await f.article({ slug: `costly-${i}`, publishAt: hoursAgo(i + 1) })
  const LATEST = 'query ($n: Int) { latest(first: $n) { slug headline teaser } }'

  t.test('each field costs 1 and a list multiplies what it selects by its page size', (t) => {
    const schema = app.graphql.schema
    t.same(measure(schema, '{ latest(first: 33) { slug headline teaser } }'), [{ cost: 100, depth: 2 }])
    t.same(measure(schema, '{ latest { slug } }'), [{ cost: 11, depth: 2 }], 'the schema default (10) when first is left out')
    t.same(measure(schema, '{ articles(first: 5) { totalCount edges { node { slug related(first: 4) { slug } } } } }'), [{ cost: 1 + 5 * (1 + 1 + 1 + 1 + (1 + 4 * 1)), depth: 5 }])
    t.same(measure(schema, '{ articles { edges { node { slug } } } }'), [{ cost: 1 + 20 * 3, depth: 4 }], 'connections default to 20')
    t.same(measure(schema, LATEST, { n: 2 }), [{ cost: 7, depth: 2 }], 'a variable')
    t.same(measure(schema, 'query ($n: Int = 4) { latest(first: $n) { slug } }'), [{ cost: 5, depth: 2 }], "the variable's default")
    t.same(measure(schema, LATEST, { n: null }), [{ cost: 31, depth: 2 }], 'null is the schema default')
    t.same(measure(schema, 'fragment F on Article { slug headline } { latest(first: 10) { ...F ... on Article { teaser } } }'), [{ cost: 31, depth: 2 }], 'fragments count where they are spread')
    t.same(measure(schema, '{ __typename __schema { types { name fields { name } } } latest(first: 1) { __typename slug } }'), [{ cost: 2, depth: 2 }], 'introspection is free')
    t.end()
  })

  t.test('a query at the limit runs; one just over it is refused before it runs, with its cost', async (t) => {
    const at = await graphql<{ latest: unknown[] }>('{ latest(first: 33) { slug headline teaser } }')
    t.equal(at.status, 200)
    t.equal(at.data.latest.length, 3)
    const over = await graphql('{ latest(first: 34) { slug headline teaser } }')
    t.same(refusal(over), { status: 400, data: null, code: 'QUERY_TOO_COSTLY', limit: 100, cost: 103 })
    t.match(over.errors?.[0]?.message, /costs 103; the limit is 100.*smaller pages/)
  })

  t.test('a costly mutation is refused before it changes anything', async (t) => {
    const { token } = await issueToken(database.db, OPERATOR, { name: 'cost test', role: 'admin' })
    const create = (first: number) =>
      app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${token}` },
        payload: { query: 'mutation ($first: Int) { createTag(input: { name: "Costly" }) { slug articles(first: $first) { edges { node { slug } } } } }', variables: { first } },
      })
    const refused = await create(40)
    t.equal(refused.statusCode, 400)
    t.match(refused.json(), { data: null, errors: [{ extensions: { code: 'QUERY_TOO_COSTLY', limit: 100, cost: 1 + 1 + (1 + 40 * 3) } }] })
    t.same(await database.db.select().from(tags).where(eq(tags.slug, 'costly')), [], 'no tag was created')
    t.match((await create(1)).json(), { data: { createTag: { slug: 'costly' } } }, 'a cheap one runs')
  })

  t.test('through fragments and inline fragments', async (t) => {
    const fragment = 'fragment Teaser on Article { slug headline ... on Article { teaser } }'
    t.equal((await graphql(`${fragment} { latest(first: 33) { ...Teaser } }`)).status, 200)
    t.same(refusal(await graphql(`${fragment} { latest(first: 34) { ...Teaser } }`)), { status: 400, data: null, code: 'QUERY_TOO_COSTLY', limit: 100, cost: 103 })
  })

  t.test('with the page size in a variable, every request is measured with its own variables', async (t) => {
    t.equal((await graphql(LATEST, { n: 33 })).status, 200)
    t.same(refusal(await graphql(LATEST, { n: 34 })), { status: 400, data: null, code: 'QUERY_TOO_COSTLY', limit: 100, cost: 103 })
    t.equal((await graphql(LATEST, { n: 1 })).status, 200, 'the same document is not refused for good')
    t.equal((await graphql(LATEST)).status, 200, 'no variable: the default page size')
    t.same(refusal(await graphql('query ($n: Int = 50) { latest(first: $n) { slug headline } }')), { status: 400, data: null, code: 'QUERY_TOO_COSTLY', limit: 100, cost: 101 })
  })

  t.test('refused without a data entry for application/graphql-response+json', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { accept: 'application/graphql-response+json' }, payload: { query: LATEST, variables: { n: 34 } } })
    t.equal(response.statusCode, 400)
    t.same(response.json(), { errors: [{ message: String(response.json<{ errors: { message: string }[] }>().errors[0]?.message), locations: [{ line: 1, column: 1 }], extensions: { code: 'QUERY_TOO_COSTLY', limit: 100, cost: 103 } }] })
  })

  t.test('over GET too', async (t) => {
    const response = await app.inject({ method: 'GET', url: `/graphql?${new URLSearchParams({ query: LATEST, variables: '{"n":34}' }).toString()}` })
    t.equal(response.statusCode, 400)
    t.equal(response.headers['cache-control'], 'private, no-store')
    t.equal(response.json<GraphqlResponse<null>>().errors?.[0]?.extensions.code, 'QUERY_TOO_COSTLY')
  })
})

t.test('the depth limit', async (t) => {
  const { app, graphql, database } = await buildTestApp(t, { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_COST: '100' })
  t.equal((await graphql('{ sections { children { children { slug } } } }')).status, 200, 'at the limit')
  const over = await graphql('{ sections { children { children { children { slug } } } } }')
  t.same(refusal(over), { status: 400, data: null, code: 'QUERY_TOO_DEEP', limit: 4, depth: 5 })
  const fragment = 'fragment Kids on Section { children { slug } }'
  t.equal((await graphql(`${fragment} { sections { children { ...Kids } } }`)).status, 200, 'at the limit through a fragment')
  t.same(refusal(await graphql(`${fragment} { sections { children { children { ...Kids } } } }`)), { status: 400, data: null, code: 'QUERY_TOO_DEEP', limit: 4, depth: 5 })
  const withVariables = 'query ($n: Int) { latest(first: $n) { section { children { ... on Section { children { slug } } } } } }'
  t.same(refusal(await graphql(withVariables, { n: 1 })), { status: 400, data: null, code: 'QUERY_TOO_DEEP', limit: 4, depth: 5 }, 'whatever the variables')

  // The limits are for documents clients write; the REST API's own documents are deeper and
  // costlier than these limits, with page sizes its route schemas bound.
  await fixtures(database.db).article({ slug: 'via-rest' })
  const rest = await app.inject({ method: 'GET', url: '/v1/articles?first=50' })
  t.equal(rest.statusCode, 200, rest.body)
  t.match(rest.body, /"via-rest"/)
})

t.test('the default limits', async (t) => {
  const config = loadConfig({})
  const { app, graphql } = await buildTestApp(t)
  const schema = app.graphql.schema

  t.test('come from the configuration', async (t) => {
    t.same([config.GRAPHQL_MAX_DEPTH, config.GRAPHQL_MAX_COST], [12, 20_000])
    const heavy = (first: number) => `{ articles(first: ${first}) { edges { node { related(first: 100) { slug headline } } } } }`
    t.same(measure(schema, heavy(98)), [{ cost: 19_895, depth: 5 }])
    t.equal((await graphql(heavy(98))).status, 200)
    t.same(refusal(await graphql(heavy(100))), { status: 400, data: null, code: 'QUERY_TOO_COSTLY', limit: 20_000, cost: 20_301 })
  })

  t.test('leave plenty of room for the demo frontend’s queries', (t) => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
    const readmeExample = /```graphql\n(\{\n {2}articlePage[\s\S]*?\n\})\n```/.exec(readme)?.[1]
    t.ok(readmeExample, 'the README shows an articlePage query')
    const pages: Record<string, [string, Record<string, unknown>]> = {
      'README article page': [readmeExample ?? '', {}],
      'bench article page (W1)': [ARTICLE_PAGE_QUERY, { slug: 'x' }],
      'article page with a long rail': [
        `query ($slug: String!, $first: Int) { articlePage(slug: $slug) {
          article { slug headline section { name path { name } } authors { name } leadImage { url caption credit { line } } body { html } }
          related(first: $first) { slug section { name } leadImage { url alt caption credit { line } } teaser }
          relatedLinks(first: $first) { headline teaser url source article { slug } }
          latest(first: 3) { slug } promos { kind placement title body { html } } site { name socialLinks { network url } newsletter { text } } } }`,
        { slug: 'x', first: 10 },
      ],
      'front page': ['{ latest(first: 20) { slug headline teaser publishedAt section { slug name } leadImage { url alt caption credit { line } } } }', {}],
    }
    for (const [name, [source, variables]] of Object.entries(pages)) {
      const [measured] = measure(schema, source, variables)
      t.ok(measured && measured.cost <= config.GRAPHQL_MAX_COST / 10, `${name}: cost ${measured?.cost} is at most a tenth of ${config.GRAPHQL_MAX_COST}`)
      t.ok(measured && measured.depth <= config.GRAPHQL_MAX_DEPTH - 6, `${name}: depth ${measured?.depth} leaves room under ${config.GRAPHQL_MAX_DEPTH}`)
      t.comment(`${name}: cost ${measured?.cost}, depth ${measured?.depth}`)
    }
    t.end()
  })

  t.test('a page size above the maximum is BAD_USER_INPUT naming the argument', async (t) => {
    for (const query of ['{ articles(first: 101) { totalCount } }', '{ latest(first: 101) { slug } }', '{ search(query: "x", first: 101) { totalCount } }']) {
      const response = await graphql(query)
      t.equal(response.status, 400, query)
      t.equal(response.data, null)
      t.match(response.errors?.[0], { message: /from 0 to 100/, extensions: { code: 'BAD_USER_INPUT', argument: 'first' } })
    }
    t.equal((await graphql('{ articles(first: 100) { totalCount } }')).status, 200, '100 itself is fine')
  })
})

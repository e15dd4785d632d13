import fc from 'fast-check'
import t from 'tap'
import { MAX_DOCUMENT_NESTING } from '../../src/graphql/graphql-over-http.js'
import { anyJson, buildFuzzTarget, checkGraphqlResponse, deeplyNested, fuzzParameters, hostileString, inject, percentEncode, PropertyViolation, tableCounts } from '../helpers/fuzz.js'

/**
 * Hostile GraphQL documents and request envelopes on /graphql: garbage, near-valid documents,
 * deep nesting, and bodies and URLs of every shape. Each answer is a GraphQL response whose
 * errors carry stable codes; none is a 5xx.
 */

const validDocuments = [
  '{ article(slug: "ports-reopen") { id headline section { slug } authors { name } } }',
  'query List($first: Int, $after: String) { articles(first: $first, after: $after) { totalCount edges { cursor node { slug } } pageInfo { endCursor } } }',
  '{ articles(filter: { section: "world", label: "News" }, orderBy: UPDATED_AT_DESC) { totalCount } }',
  '{ search(query: "ports") { totalCount edges { snippet node { slug } } } }',
  '{ articlePage(slug: "ports-reopen") { article { headline } latest { slug } site { name } } }',
  '{ sections { slug children { slug } } site { name } promos(placement: END) { title } }',
  'fragment A on Article { slug headline } query Q { latest(first: 3) { ...A } }',
  'mutation { createTag(input: { name: "Fuzzed" }) { id } }',
  '{ __schema { types { name } } }',
  'query ($s: String = "world") { section(slug: $s) { name } }',
]

/** The pieces a document is made of, to build token soup that gets past the lexer. */
const tokens = fc.constantFrom(
  '{', '}', '(', ')', '[', ']', '...', ':', '!', '=', '$', '@', '|', '&', ',', '\n', '#c\n',
  'query', 'mutation', 'subscription', 'fragment', 'on', 'A', '$x', '$first', 'Int', 'String!', '@include(if: true)', '@skip(if: $x)', '@deprecated',
  'article', 'articles', 'search', 'articlePage', 'sections', 'children', 'slug', 'id', 'first', 'after', 'filter', 'edges', 'node', 'createTag', 'input', '__typename', '__schema', '__type(name: "Article")',
  '"s"', '""""""', '"""b"""', '"\\u0000"', '"\\uD800"', '"\\u{10FFFF}"', '"\\x"', '1', '-0', '1.5e3', '99999999999', 'true', 'null', 'PUBLISHED_AT_DESC',
)

const tokenSoup = fc.array(tokens, { maxLength: 40 }).map((parts) => parts.join(' '))

/** A valid document with a few edits: a slice cut, a token or hostile text put in, a slice repeated. */
const mutatedDocument = fc
  .tuple(
    fc.constantFrom(...validDocuments),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(tokens, hostileString.filter((s) => s.length < 50)), fc.constantFrom('cut', 'insert', 'repeat')), { minLength: 1, maxLength: 3 }),
  )
  .map(([document, edits]) =>
    edits.reduce((text, [at, length, insert, kind]) => {
      const i = at % (text.length + 1)
      if (kind === 'cut') return text.slice(0, i) + text.slice(i + length)
      if (kind === 'insert') return text.slice(0, i) + insert + text.slice(i)
      return text.slice(0, i) + text.slice(i, i + length).repeat(50) + text.slice(i)
    }, document),
  )

/** Nesting of every kind a document has: selections, list and object values, variable types. */
const nestedDocument = fc.record({ depth: fc.integer({ min: 1, max: 3 * MAX_DOCUMENT_NESTING }), kind: fc.constantFrom('selection', 'list', 'object', 'type', 'parentheses') }).map(({ depth, kind }) => {
  const document = {
    selection: `{ sections ${'{ children '.repeat(depth)}{ slug }${' }'.repeat(depth)} }`,
    list: `{ articles(first: ${'['.repeat(depth)}1${']'.repeat(depth)}) { totalCount } }`,
    object: `{ articles(filter: ${'{ section: '.repeat(depth)}"x"${' }'.repeat(depth)}) { totalCount } }`,
    type: `query ($x: ${'['.repeat(depth)}Int${']'.repeat(depth)}) { latest { slug } }`,
    parentheses: `{ latest${'('.repeat(depth)}first: 1${')'.repeat(depth)} { slug } }`,
  }[kind]
  return { depth, document }
})

t.test('GraphQL documents and envelopes under fuzzing', async (t) => {
  const target = await buildFuzzTarget(t)
  const { app, editor } = target
  const post = (payload: string, headers: Record<string, string> = {}) =>
    inject(app, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}`, ...headers }, payload })
  const before = await tableCounts(target.database)

  t.test('garbage, token soup and near-valid documents get coded errors, never a 5xx', async (t) => {
    const codes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, tokenSoup, mutatedDocument), async (query) => {
        const response = await post(JSON.stringify({ query }))
        const { body } = checkGraphqlResponse(response)
        for (const error of body.errors ?? []) codes.set(String(error.extensions?.code), (codes.get(String(error.extensions?.code)) ?? 0) + 1)
      }),
      // Seeded with one syntax and one validation error, so the codes seen below do not hang on luck.
      fuzzParameters(80, 1, [['{ articles(first: ) }'], ['{ article(slug: "x") { password } }']]),
    )
    t.ok((codes.get('GRAPHQL_PARSE_FAILED') ?? 0) > 0 && (codes.get('GRAPHQL_VALIDATION_FAILED') ?? 0) > 0, `codes seen: ${JSON.stringify(Object.fromEntries(codes))}`)
  })

  t.test('nesting of any kind and depth is refused before it can overflow the stack', async (t) => {
    await fc.assert(
      fc.asyncProperty(nestedDocument, fc.constantFrom('POST', 'GET'), async ({ depth, document }, method) => {
        const response =
          method === 'POST'
            ? await post(JSON.stringify({ query: document }))
            : await inject(app, { method: 'GET', url: `/graphql?query=${percentEncode(document)}` })
        const { status, body } = checkGraphqlResponse(response)
        if (depth > MAX_DOCUMENT_NESTING && (status !== 400 || body.errors?.[0]?.extensions?.code !== 'QUERY_TOO_DEEP')) {
          throw new PropertyViolation(`a document ${depth} deep was not refused as QUERY_TOO_DEEP`, response)
        }
      }),
      fuzzParameters(20),
    )
    // The counterexample fuzzing found: 20,000 nested lists used to overflow graphql-js's parser (500).
    const regression = await post(JSON.stringify({ query: `{ articles(first: ${'['.repeat(20_000)}1${']'.repeat(20_000)}) { totalCount } }` }))
    t.equal(regression.statusCode, 400)
    t.match(JSON.parse(regression.body), { errors: [{ message: /more than 256 levels deep/, extensions: { code: 'QUERY_TOO_DEEP' } }] })
    const inAString = await post(JSON.stringify({ query: `{ search(query: "${'{'.repeat(1000)}") { totalCount } }` }))
    t.equal(inAString.statusCode, 400, 'brackets inside a string do not count…')
    t.match(JSON.parse(inAString.body), { errors: [{ extensions: { code: 'BAD_USER_INPUT', argument: 'query' } }] }, '…the argument is refused for its length instead')
  })

  t.test('any request body is a GraphQL response with a coded error', async (t) => {
    const envelope = fc.oneof(
      anyJson.map((value) => JSON.stringify(value)),
      fc.record({ query: fc.oneof(fc.constantFrom(...validDocuments), anyJson), variables: anyJson, operationName: anyJson, extensions: anyJson }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.record({ query: fc.constantFrom(...validDocuments), extensions: fc.record({ persistedQuery: fc.record({ version: anyJson, sha256Hash: fc.oneof(hostileString, fc.stringMatching(/^[0-9a-f]{64}$/)) }) }) }).map((value) => JSON.stringify(value)),
      deeplyNested,
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom('', '[]', '[{"query":"{ site { name } }"}]', '{"query":', '{"__proto__":{"query":"{ site { name } }"}}', '{"query":"{ site { name } }","query":"{ sections { slug } }"}'),
    )
    await fc.assert(
      fc.asyncProperty(envelope, fc.constantFrom('application/json', 'application/graphql', 'text/plain', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded'), async (payload, contentType) => {
        checkGraphqlResponse(await post(payload, { 'content-type': contentType }))
      }),
      fuzzParameters(50),
    )
    t.pass('every body got a GraphQL response')
  })

  t.test('a GET whose operationName picks no operation is a 400', async (t) => {
    // The counterexamples fuzzing found: Mercurius looks up a GET's operation to refuse mutations
    // and crashed (500) when there was none to find.
    const two = percentEncode('query A { site { name } } query B { sections { slug } }')
    for (const url of [`/graphql?query=${percentEncode('{ site { name } }')}&operationName=nope`, `/graphql?query=${two}`, `/graphql?query=${two}&operationName=`]) {
      const response = await inject(app, { method: 'GET', url })
      t.match({ status: response.statusCode, ...(JSON.parse(response.body) as object) }, { status: 400, errors: [{ message: /operationName/, extensions: { code: 'BAD_REQUEST' } }] })
    }
    const named = await inject(app, { method: 'GET', url: `/graphql?query=${two}&operationName=A` })
    t.same(JSON.parse(named.body), { data: { site: { name: 'Test Gazette' } } }, 'a name that picks one runs it')
  })

  t.test('a query that is JSON rather than GraphQL is a 400, not a syntax tree', async (t) => {
    // The counterexamples fuzzing found: Mercurius reads a query that does not parse as a JSON
    // syntax tree, and validating `[]` or `{}` as one threw a TypeError (500).
    const cases = [
      post(JSON.stringify({ query: '[]' })),
      post(JSON.stringify({ query: '{}' })),
      post('{"query":"{ site { name } }"}', { 'content-type': 'application/graphql' }),
      inject(app, { method: 'GET', url: '/graphql?query=%5B%5D' }),
      post(JSON.stringify({ query: JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] }) })),
    ]
    for (const response of await Promise.all(cases)) {
      t.match({ status: response.statusCode, ...(JSON.parse(response.body) as object) }, { status: 400, errors: [{ message: /not JSON/, extensions: { code: 'BAD_REQUEST' } }] })
    }
  })

  t.test('any URL parameters on GET /graphql', async (t) => {
    const parameter = fc.tuple(fc.constantFrom('query', 'variables', 'operationName', 'extensions', '__proto__', 'query[]'), fc.oneof(fc.constantFrom(...validDocuments), hostileString, anyJson.map((value) => JSON.stringify(value) ?? '')))
    await fc.assert(
      fc.asyncProperty(fc.array(parameter, { maxLength: 5 }), fc.constantFrom('GET', 'HEAD'), async (parameters, method) => {
        const url = `/graphql?${parameters.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')}`
        const response = await inject(app, { method, url })
        if (method === 'HEAD') {
          if (response.statusCode >= 500) throw new PropertyViolation('a 5xx', response)
          return
        }
        const { status } = checkGraphqlResponse(response)
        if (parameters.some(([, value]) => value.startsWith('mutation')) && status === 200) {
          throw new PropertyViolation('a mutation ran on GET', response)
        }
      }),
      fuzzParameters(30),
    )
    t.pass('every URL got a GraphQL response')
  })

  t.test('the app still answers a normal query, and only the fuzzed createTag documents wrote', async (t) => {
    const response = await post(JSON.stringify({ query: '{ article(slug: "ports-reopen") { slug section { slug } } }' }))
    t.equal(response.statusCode, 200)
    t.same(JSON.parse(response.body), { data: { article: { slug: 'ports-reopen', section: { slug: 'world' } } } })
    const after = await tableCounts(target.database)
    // A near-valid `mutation { createTag … }` may still be valid and create a tag: nothing else may change.
    const created = after.tags! - before.tags!
    t.same({ ...after, tags: before.tags, 'tags.version': before['tags.version'], audit_events: before.audit_events, webhook_events: before.webhook_events }, before, `nothing but ${created} tags changed`)
  })
})

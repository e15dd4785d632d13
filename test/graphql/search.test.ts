import { readFileSync } from 'node:fs'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { RANK_WINDOW, searchLive } from '../../src/domain/search/search.repository.js'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

interface SearchData {
  search: {
    totalCount: number
    edges: { cursor: string; rank: number; snippet: string; node: { slug: string } }[]
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
  }
}

const SEARCH = `query ($query: String!, $first: Int, $after: String) {
  search(query: $query, first: $first, after: $after) {
    totalCount edges { cursor rank snippet node { slug } } pageInfo { hasNextPage endCursor }
  }
}`

t.test('search', async (t) => {
  const { graphql, database } = await buildTestApp(t)
  const f = fixtures(database.db)
  await f.article({ slug: 'in-headline', headline: 'Pipeline politics in the Caspian', paragraphs: ['Gas flows west.'], publishAt: hoursAgo(3) })
  await f.article({ slug: 'in-dek', headline: 'A quiet summit', dek: 'The pipeline question was left for later', paragraphs: ['Leaders met.'], publishAt: hoursAgo(2) })
  await f.article({ slug: 'in-body', headline: 'Winter prices', paragraphs: ['Households pay more.', 'A new pipeline costing < 2% & <script>alert(1)</script> would not arrive before 2030.'], publishAt: hoursAgo(1) })
  await f.article({ slug: 'draft-pipeline', status: 'draft', headline: 'Pipeline secrets zephyrine', paragraphs: ['zephyrine pipeline'] })
  await f.article({ slug: 'future-pipeline', status: 'scheduled', publishAt: new Date(Date.now() + 3_600_000), headline: 'Pipeline embargo zephyrine' })

  t.test('ranks headline over dek over body, with a safe highlighted snippet', async (t) => {
    const { data, errors } = await graphql<SearchData>(SEARCH, { query: 'pipelines' })
    t.equal(errors, undefined)
    t.same(data.search.edges.map((e) => e.node.slug), ['in-headline', 'in-dek', 'in-body'], 'stemmed match, weighted A > B > C')
    t.equal(data.search.totalCount, 3, 'drafts and scheduled stories are not counted')
    const body = data.search.edges[2]!
    t.match(body.snippet, /<mark>pipeline<\/mark>/)
    t.notMatch(body.snippet, /<script/)
    t.notMatch(body.snippet.replace(/<\/?mark>/g, ''), /[<>]/, 'only <mark> is markup')
    t.match(body.snippet, /costing &lt; 2% &amp;/, 'text is escaped')
    t.ok(data.search.edges[0]!.rank > data.search.edges[2]!.rank)
  })

  t.test('drafts never surface in search', async (t) => {
    const { data } = await graphql<SearchData>(SEARCH, { query: 'zephyrine' })
    t.same(data.search.edges, [])
    t.equal(data.search.totalCount, 0)
  })

  t.test('pages through results with cursors', async (t) => {
    const first = await graphql<SearchData>(SEARCH, { query: 'pipeline', first: 2 })
    t.same(first.data.search.edges.map((e) => e.node.slug), ['in-headline', 'in-dek'])
    t.equal(first.data.search.pageInfo.hasNextPage, true)
    const second = await graphql<SearchData>(SEARCH, { query: 'pipeline', first: 2, after: first.data.search.pageInfo.endCursor })
    t.same(second.data.search.edges.map((e) => e.node.slug), ['in-body'])
    t.equal(second.data.search.pageInfo.hasNextPage, false)
  })

  t.test('what people type is accepted: phrases, exclusions, stop words, punctuation', async (t) => {
    const phrase = await graphql<SearchData>(SEARCH, { query: '"new pipeline"' })
    t.same(phrase.data.search.edges.map((e) => e.node.slug), ['in-body'])
    const excluded = await graphql<SearchData>(SEARCH, { query: 'pipeline -caspian' })
    t.same(excluded.data.search.edges.map((e) => e.node.slug), ['in-dek', 'in-body'])
    for (const query of ['the', "'); DROP TABLE articles; --", '&&||!:*', 'ümlaut ñ 北京']) {
      const response = await graphql<SearchData>(SEARCH, { query })
      t.equal(response.status, 200, query)
      t.equal(response.errors, undefined, query)
    }
  })

  t.test('an empty or huge query is a clear error', async (t) => {
    for (const query of ['   ', 'x'.repeat(201)]) {
      const response = await graphql(SEARCH, { query })
      t.equal(response.status, 400)
      t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
      t.equal(response.errors?.[0]?.extensions.argument, 'query')
    }
    const badCursor = await graphql(SEARCH, { query: 'pipeline', after: 'garbage!!' })
    t.equal(badCursor.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
  })
})

t.test('relevance is ranked among the newest matches; every match is counted', async (t) => {
  const { database } = await buildTestApp(t)
  const f = fixtures(database.db)
  // The oldest story is the most relevant (headline match); three newer ones mention it in the body.
  await f.article({ slug: 'old-headline', headline: 'Ferry strike ends', paragraphs: ['Crews return.'], publishAt: hoursAgo(10) })
  // The newer, the more mentions: ranks differ, so the expected order has no ties.
  for (const [slug, hours, mentions] of [['body-3', 3, 1], ['body-2', 2, 2], ['body-1', 1, 3]] as const) {
    await f.article({ slug, headline: `Harbour notes ${slug}`, paragraphs: Array.from({ length: mentions }, (_, i) => `Paragraph ${i}: the ferry dispute.`), publishAt: hoursAgo(hours) })
  }
  const slugsOf = (result: Awaited<ReturnType<typeof searchLive>>) => result.hits.map((hit) => hit.article.slug)

  const all = await searchLive(database.db, { text: 'ferry', at: new Date(), first: 10 })
  t.same(slugsOf(all), ['old-headline', 'body-1', 'body-2', 'body-3'], 'a window larger than the matches ranks them all')
  t.equal(all.total, 4)

  const windowed = await searchLive(database.db, { text: 'ferry', at: new Date(), first: 10, rankWindow: 2 })
  t.same(slugsOf(windowed), ['body-1', 'body-2'], 'only the two newest matches are ranked and shown')
  t.equal(windowed.total, 4, 'the total still counts every live match')

  const next = await searchLive(database.db, { text: 'ferry', at: new Date(), first: 1, rankWindow: 2, after: { rank: windowed.hits[0]!.rank, id: windowed.hits[0]!.article.id } })
  t.same(slugsOf(next), ['body-2'], 'cursors page within the window')
})

t.test('the GraphQL schema and the OpenAPI document state the rank window the query uses', async (t) => {
  const { app } = await buildTestApp(t)
  const window = `${RANK_WINDOW.toLocaleString('en-US')} newest matches`
  t.match(readFileSync(new URL('../../schema/query.graphql', import.meta.url), 'utf8'), window)
  const openapi = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, { get?: { summary?: string } }> }>()
  t.match(openapi.paths['/v1/search']?.get?.summary, window)
})

t.test('the search vector is stored in the row, not out of line', async (t) => {
  const { database } = await buildTestApp(t)
  const result = await database.db.execute(sql`SELECT attstorage FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attname = 'search_vector'`)
  t.same(resultRows(result), [{ attstorage: 'm' }], "STORAGE MAIN (migration 0005): counting a common word's matches skips the TOAST table")
})

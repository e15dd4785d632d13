import t from 'tap'
import { articleTags } from '../../src/db/tables/index.js'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

interface Connection {
  edges: { cursor: string; node: { slug: string } }[]
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
  totalCount: number
}

const LIST = `query ($first: Int, $after: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`

const slugs = (connection: Connection) => connection.edges.map((edge) => edge.node.slug)

t.test('articles connection', async (t) => {
  const { graphql, database, countStatements } = await buildTestApp(t)
  const f = fixtures(database.db)
  const regions = await f.section({ slug: 'regions' })
  const europe = await f.section({ slug: 'europe', parentId: regions.id })
  const balkans = await f.section({ slug: 'balkans', parentId: europe.id })
  const economy = await f.section({ slug: 'economy' })
  const writer = await f.author({ slug: 'writer' })
  const other = await f.author({ slug: 'other' })
  const trade = await f.tag({ slug: 'trade' })
  const image = await f.media()

  // Five live stories, one hour apart: s1 is the newest.
  const live: { id: string }[] = []
  for (let i = 1; i <= 5; i++) {
    live.push(
      await f.article({
        slug: `s${i}`,
        publishAt: hoursAgo(i),
        label: i % 2 === 0 ? 'Opinion' : 'Analysis',
        sectionId: [europe.id, balkans.id, economy.id, regions.id, europe.id][i - 1],
        authors: [{ id: i <= 2 ? writer.id : other.id }],
        tagIds: i === 3 ? [trade.id] : [],
        leadImageId: image.id,
      }),
    )
  }
  // Never counted, never listed.
  await f.article({ slug: 'draft-in-europe', status: 'draft', sectionId: europe.id, authors: [{ id: writer.id }], tagIds: [trade.id] })
  await f.article({ slug: 'future-in-europe', status: 'scheduled', publishAt: new Date(Date.now() + 86_400_000), sectionId: europe.id })
  await f.article({ slug: 'trashed-in-europe', deletedAt: new Date(), sectionId: europe.id, authors: [{ id: writer.id }] })

  const list = async (variables: Record<string, unknown>) => {
    const response = await graphql<{ articles: Connection }>(LIST, variables)
    t.equal(response.errors, undefined, JSON.stringify(response.errors))
    return response.data.articles
  }

  t.test('newest first, with the total of live articles only', async (t) => {
    const page = await list({ first: 10 })
    t.same(slugs(page), ['s1', 's2', 's3', 's4', 's5'])
    t.equal(page.totalCount, 5)
    t.same(page.pageInfo, { hasNextPage: false, hasPreviousPage: false, startCursor: page.edges[0]?.cursor, endCursor: page.edges[4]?.cursor })
  })

  t.test('walks every page with cursors, ending on an exact last page', async (t) => {
    const first = await list({ first: 2 })
    t.same(slugs(first), ['s1', 's2'])
    t.equal(first.pageInfo.hasNextPage, true)
    const second = await list({ first: 2, after: first.pageInfo.endCursor })
    t.same(slugs(second), ['s3', 's4'])
    t.equal(second.pageInfo.hasPreviousPage, true)
    const last = await list({ first: 1, after: second.pageInfo.endCursor })
    t.same(slugs(last), ['s5'])
    t.equal(last.pageInfo.hasNextPage, false, 'an exact last page says there is no next page')
    const beyond = await list({ first: 5, after: last.pageInfo.endCursor })
    t.same(beyond.edges, [], 'after the last item: an empty page, not an error')
    t.equal(beyond.pageInfo.endCursor, null)
  })

  t.test('first: 0 gives an empty page that still knows there is more', async (t) => {
    const page = await list({ first: 0 })
    t.same(page.edges, [])
    t.equal(page.pageInfo.hasNextPage, true)
    t.equal(page.totalCount, 5)
  })

  t.test('oldest first and recently updated orders', async (t) => {
    t.same(slugs(await list({ first: 3, orderBy: 'PUBLISHED_AT_ASC' })), ['s5', 's4', 's3'])
    const ascFirst = await list({ first: 2, orderBy: 'PUBLISHED_AT_ASC' })
    t.same(slugs(await list({ first: 2, orderBy: 'PUBLISHED_AT_ASC', after: ascFirst.pageInfo.endCursor })), ['s3', 's2'])
    t.equal((await list({ first: 10, orderBy: 'UPDATED_AT_DESC' })).edges.length, 5)
  })

  t.test('filters', async (t) => {
    t.same(slugs(await list({ filter: { section: 'europe' } })), ['s1', 's2', 's5'], 'a section includes its subsections')
    t.same(slugs(await list({ filter: { section: 'regions' } })), ['s1', 's2', 's4', 's5'], 'and their subsections, all the way down')
    t.same(slugs(await list({ filter: { section: 'balkans' } })), ['s2'])
    t.same(slugs(await list({ filter: { tag: 'trade' } })), ['s3'])
    t.same(slugs(await list({ filter: { author: 'writer' } })), ['s1', 's2'])
    t.same(slugs(await list({ filter: { label: 'Opinion' } })), ['s2', 's4'])
    t.same(slugs(await list({ filter: { publishedAfter: hoursAgo(3.5).toISOString(), publishedBefore: hoursAgo(1.5).toISOString() } })), ['s2', 's3'])
    t.same(slugs(await list({ filter: { section: 'europe', author: 'writer' } })), ['s1', 's2'], 'filters combine')
    const unknown = await list({ filter: { section: 'nowhere' } })
    t.same(unknown.edges, [], 'an unknown section matches nothing')
    t.equal(unknown.totalCount, 0)
    t.equal((await list({ filter: { section: 'europe' } })).totalCount, 3, 'counts ignore drafts, scheduled and trashed stories')
  })

  t.test('tag and author filters: through the owner, with the other filters, totals and cursors', async (t) => {
    const other = await list({ first: 2, filter: { author: 'other' } })
    t.same(slugs(other), ['s3', 's4'])
    t.equal(other.totalCount, 3)
    t.same(slugs(await list({ first: 2, filter: { author: 'other' }, after: other.pageInfo.endCursor })), ['s5'], 'the next page')
    t.same(slugs(await list({ filter: { author: 'other' }, orderBy: 'PUBLISHED_AT_ASC' })), ['s5', 's4', 's3'])
    t.equal((await list({ filter: { author: 'other' }, orderBy: 'UPDATED_AT_DESC' })).edges.length, 3)
    t.equal((await list({ filter: { author: 'writer' } })).totalCount, 2, "the writer's draft and trashed stories are not counted")
    t.equal((await list({ filter: { tag: 'trade' } })).totalCount, 1, 'nor the tagged draft')
    t.same(slugs(await list({ filter: { author: 'other', section: 'europe' } })), ['s5'])
    t.same(slugs(await list({ filter: { author: 'other', label: 'Opinion' } })), ['s4'])
    t.same(slugs(await list({ filter: { tag: 'trade', author: 'other' } })), ['s3'], 'a tag and an author together')
    const none = await list({ filter: { tag: 'trade', author: 'writer' } })
    t.same([slugs(none), none.totalCount], [[], 0])
    const unknown = await list({ filter: { tag: 'no-such-tag' } })
    t.same([slugs(unknown), unknown.totalCount], [[], 0], 'an unknown tag matches nothing')
    await f.tag({ slug: 'withdrawn', deletedAt: new Date() }).then((tag) => database.db.insert(articleTags).values({ articleId: live[0]!.id, tagId: tag.id }))
    t.same(slugs(await list({ filter: { tag: 'withdrawn' } })), [], 'nor a deleted one')
  })

  t.test('bad arguments are clear errors naming the argument', async (t) => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ first: 101 }, 'first', /from 0 to 100/],
      [{ first: -1 }, 'first', /from 0 to 100/],
      [{ after: 'not-a-cursor!' }, 'after', /not a cursor/],
      [{ after: Buffer.from('["PUBLISHED_AT_DESC","x"]').toString('base64url') }, 'after', /not a cursor/],
      [{ filter: { section: 'Not A Slug' } }, 'filter', /lowercase/],
      [{ filter: { publishedAfter: hoursAgo(1).toISOString(), publishedBefore: hoursAgo(2).toISOString() } }, 'filter', /later than publishedAfter/],
    ]
    for (const [variables, argument, message] of cases) {
      const response = await graphql(LIST, variables)
      t.equal(response.status, 400, JSON.stringify(variables))
      t.equal(response.data, null)
      t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
      t.equal(response.errors?.[0]?.extensions.argument, argument)
      t.match(response.errors?.[0]?.message, message)
    }
  })

  t.test('a cursor from another order is refused, not misread', async (t) => {
    const page = await list({ first: 1 })
    const response = await graphql(LIST, { after: page.pageInfo.endCursor, orderBy: 'PUBLISHED_AT_ASC' })
    t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
    t.match(response.errors?.[0]?.message, /ordered by PUBLISHED_AT_DESC/)
  })

  t.test('a bad DateTime is a BAD_USER_INPUT naming the format', async (t) => {
    const response = await graphql(LIST, { filter: { publishedAfter: 'yesterday' } })
    t.equal(response.status, 400)
    t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
    t.match(response.errors?.[0]?.message, /ISO 8601/)
  })

  t.test('statements per request do not grow with the list', async (t) => {
    const FULL = `query ($first: Int) { articles(first: $first) {
      totalCount
      edges { node { slug kicker teaser section { name path { slug } } authors { name photo { url } } bylines { role }
        tags { slug } leadImage { url credit { line } } body { html wordCount } related(first: 3) { slug section { name } } } } } }`
    // Plenty of stories so that 50 really is 50.
    for (let i = 0; i < 50; i++) {
      await f.article({ slug: `bulk-${i}`, publishAt: hoursAgo(10 + i), sectionId: economy.id, authors: [{ id: other.id }], tagIds: [trade.id], leadImageId: image.id })
    }
    const one = await countStatements(() => graphql(FULL, { first: 1 }))
    const fifty = await countStatements(() => graphql(FULL, { first: 50 }))
    t.equal((fifty.result.data as { articles: Connection }).articles.edges.length, 50)
    t.equal(fifty.statements, one.statements, `50 articles cost what 1 costs (${one.statements} statements)`)
    t.ok(fifty.statements <= 12, `a small constant: ${fifty.statements}`)
    t.comment(`articles(first: 50) with all relations: ${fifty.statements} SQL statements`)
  })
})

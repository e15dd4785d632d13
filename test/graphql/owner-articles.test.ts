import { sql } from 'drizzle-orm'
import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

// Section, author and tag pages: each owner's articles are read by a walk that stops at the
// page's end (for tags and authors, through their link tables' copies of publish_at). These walk
// every page of every order and compare with the order worked out here from the fixtures.

interface Page {
  edges: { cursor: string; node: { slug: string } }[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

const ORDERS = ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'UPDATED_AT_DESC'] as const

t.test('owner pages list live articles in order, page after page', async (t) => {
  const { graphql, database, countStatements } = await buildTestApp(t)
  const f = fixtures(database.db)
  const world = await f.section({ slug: 'world' })
  const asia = await f.section({ slug: 'asia', parentId: world.id })
  const sport = await f.section({ slug: 'sport' })
  const reporter = await f.author({ slug: 'reporter' })
  const climate = await f.tag({ slug: 'climate' })

  // Seven live stories in world or asia, by the reporter, tagged: publish times out of insert
  // order, two sharing an instant (the id breaks the tie), updates in yet another order.
  const shared = hoursAgo(30)
  const hours = [5, 50, 1, 30, 12, 30, 70]
  const live: { slug: string; id: string; publishAt: Date; updatedAt: Date }[] = []
  for (const [i, h] of hours.entries()) {
    const publishAt = h === 30 ? shared : hoursAgo(h)
    const updatedAt = hoursAgo((i * 7) % 5)
    const row = await f.article({ slug: `live-${i}`, publishAt, updatedAt, sectionId: i % 2 ? asia.id : world.id, authors: [{ id: reporter.id }], tagIds: [climate.id] })
    live.push({ slug: row.slug, id: row.id, publishAt, updatedAt })
  }
  // Owned too, but never listed: a draft, a trashed story, a future one, an expired one.
  const hidden = { sectionId: asia.id, authors: [{ id: reporter.id }], tagIds: [climate.id] }
  await f.article({ ...hidden, slug: 'draft', status: 'draft' })
  await f.article({ ...hidden, slug: 'trashed', deletedAt: new Date() })
  await f.article({ ...hidden, slug: 'future', status: 'scheduled', publishAt: new Date(Date.now() + 3_600_000) })
  await f.article({ ...hidden, slug: 'expired', publishAt: hoursAgo(9), unpublishAt: hoursAgo(2) })
  // Unpublished after tagging: its article_tags and article_authors rows must follow.
  const pulled = await f.article({ ...hidden, slug: 'pulled', publishAt: hoursAgo(3) })
  await database.db.execute(sql`UPDATE articles SET status = 'unpublished' WHERE id = ${pulled.id}::uuid`)
  // Someone else's story elsewhere, to show owners do not mix.
  await f.article({ slug: 'elsewhere', sectionId: sport.id, publishAt: hoursAgo(2) })

  const byTime = (key: 'publishAt' | 'updatedAt', descending: boolean) => (a: (typeof live)[number], b: (typeof live)[number]) => {
    const diff = a[key].getTime() - b[key].getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    return descending ? -diff : diff
  }
  const expected = {
    PUBLISHED_AT_DESC: [...live].sort(byTime('publishAt', true)).map((a) => a.slug),
    PUBLISHED_AT_ASC: [...live].sort(byTime('publishAt', false)).map((a) => a.slug),
    UPDATED_AT_DESC: [...live].sort(byTime('updatedAt', true)).map((a) => a.slug),
  }

  for (const [owner, slug] of [['section', 'world'], ['author', 'reporter'], ['tag', 'climate']] as const) {
    for (const orderBy of ORDERS) {
      t.test(`${owner} page, ${orderBy}`, async (t) => {
        const query = `query ($slug: String!, $after: String, $orderBy: ArticleOrder) {
          ${owner}(slug: $slug) { articles(first: 2, after: $after, orderBy: $orderBy) { edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } } }`
        const seen: string[] = []
        let after: string | null = null
        for (let pages = 0; pages < 10; pages++) {
          const response = await graphql<Record<string, { articles: Page }>>(query, { slug, after, orderBy })
          t.equal(response.errors, undefined, JSON.stringify(response.errors))
          const page: Page = response.data[owner]!.articles
          seen.push(...page.edges.map((edge) => edge.node.slug))
          if (!page.pageInfo.hasNextPage) break
          after = page.pageInfo.endCursor
        }
        t.same(seen, expected[orderBy], 'every live article once, in order; nothing hidden, nothing of other owners')
      })
    }
  }

  t.test('many owners in one request: each its own page, in one statement', async (t) => {
    const pageOf = (first: number) => `slug articles(first: ${first}) { edges { node { slug } } }`
    const query = (first: number) => `{ sections { ${pageOf(first)} children { ${pageOf(first)} } } }`
    interface Owned {
      slug: string
      articles: Page
      children?: Owned[]
    }
    const { result, statements } = await countStatements(() => graphql<{ sections: Owned[] }>(query(3)))
    const owners = result.data.sections.flatMap((s) => [s, ...(s.children ?? [])])
    const pages = Object.fromEntries(owners.map((s) => [s.slug, s.articles.edges.map((edge) => edge.node.slug)]))
    t.same(pages.world, expected.PUBLISHED_AT_DESC.slice(0, 3), 'a section includes its subsections')
    t.same(pages.asia, expected.PUBLISHED_AT_DESC.filter((s) => Number(s.slice(5)) % 2 === 1).slice(0, 3))
    t.same(pages.sport, ['elsewhere'])
    const again = await countStatements(() => graphql(query(10)))
    t.equal(again.statements, statements, 'the same statements for longer pages')
  })
})

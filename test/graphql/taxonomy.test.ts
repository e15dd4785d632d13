import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

interface SectionNode {
  slug: string
  name: string
  kind: string
  tagline: string | null
  parent: { slug: string } | null
  path: { slug: string }[]
  children: SectionNode[]
  articles: { totalCount: number; edges: { node: { slug: string } }[] }
}

t.test('sections, authors and tags', async (t) => {
  const { graphql, database, countStatements } = await buildTestApp(t)
  const f = fixtures(database.db)
  const regions = await f.section({ slug: 'regions', name: 'Regions', position: 0 })
  const asia = await f.section({ slug: 'asia', name: 'Asia', parentId: regions.id, position: 1 })
  const africa = await f.section({ slug: 'africa', name: 'Africa', parentId: regions.id, position: 0 })
  const signal = await f.section({ slug: 'signal', name: 'Signal', kind: 'vertical', tagline: 'Short takes', position: 1 })
  await f.section({ slug: 'binned', name: 'Binned', deletedAt: new Date(), position: 2 })
  const photo = await f.media({ url: 'https://img.example/portrait.jpg' })
  const author = await f.author({ slug: 'amara', name: 'Amara Okafor', roleTitle: 'Africa correspondent', bio: 'Reports from Lagos.', photoId: photo.id, socialLinks: [{ network: 'mastodon', url: 'https://social.example/@amara' }] })
  const tag = await f.tag({ slug: 'elections', name: 'Elections' })
  await f.article({ slug: 'lagos-vote', sectionId: africa.id, authors: [{ id: author.id }], tagIds: [tag.id], publishAt: hoursAgo(1) })
  await f.article({ slug: 'seoul-budget', sectionId: asia.id, publishAt: hoursAgo(2) })
  await f.article({ slug: 'quick-take', sectionId: signal.id, authors: [{ id: author.id }], publishAt: hoursAgo(3) })
  await f.article({ slug: 'draft-take', status: 'draft', sectionId: africa.id, authors: [{ id: author.id }], tagIds: [tag.id] })

  t.test('the section tree with breadcrumbs and article counts', async (t) => {
    const { data } = await graphql<{ sections: SectionNode[] }>(`{ sections {
      slug kind tagline parent { slug } path { slug }
      children { slug parent { slug } path { slug } articles(first: 5) { totalCount edges { node { slug } } } }
      articles(first: 5) { totalCount edges { node { slug } } } } }`)
    t.same(data.sections.map((s) => s.slug), ['regions', 'signal'], 'top level, by position; trashed sections are gone')
    const [regionsNode, signalNode] = data.sections
    t.same(regionsNode?.children.map((c) => c.slug), ['africa', 'asia'])
    t.same(regionsNode?.children[1]?.path.map((s) => s.slug), ['regions', 'asia'])
    t.same(regionsNode?.children[1]?.parent, { slug: 'regions' })
    t.equal(regionsNode?.articles.totalCount, 2, 'a parent counts its subsections, not drafts')
    t.same(regionsNode?.articles.edges.map((e) => e.node.slug), ['lagos-vote', 'seoul-budget'])
    t.same(regionsNode?.children[0]?.articles.edges.map((e) => e.node.slug), ['lagos-vote'])
    t.equal(signalNode?.kind, 'VERTICAL')
    t.equal(signalNode?.tagline, 'Short takes')
  })

  t.test('section(slug:) and its articles', async (t) => {
    const { data } = await graphql<{ section: SectionNode | null; none: SectionNode | null }>(
      `{ section(slug: "asia") { name path { slug } articles { edges { node { slug } } } } none: section(slug: "binned") { name } }`,
    )
    t.same(data.section?.path.map((s) => s.slug), ['regions', 'asia'])
    t.same(data.section?.articles.edges.map((e) => e.node.slug), ['seoul-budget'])
    t.equal(data.none, null, 'a trashed section is not found')
  })

  t.test('author(slug:) with photo, links and live articles only', async (t) => {
    const { data } = await graphql<{ author: Record<string, unknown> & { articles: { totalCount: number; edges: { node: { slug: string } }[] } } }>(
      `{ author(slug: "amara") { name roleTitle bio photo { url } socialLinks { network url } articles { totalCount edges { node { slug } } } } }`,
    )
    t.equal(data.author.name, 'Amara Okafor')
    t.equal(data.author.roleTitle, 'Africa correspondent')
    t.same(data.author.photo, { url: 'https://img.example/portrait.jpg' })
    t.same(data.author.socialLinks, [{ network: 'mastodon', url: 'https://social.example/@amara' }])
    t.same(data.author.articles.edges.map((e) => e.node.slug), ['lagos-vote', 'quick-take'])
    t.equal(data.author.articles.totalCount, 2)
  })

  t.test('tag(slug:) with its articles; unknown slugs are null', async (t) => {
    const { data } = await graphql<{ tag: { name: string; articles: { totalCount: number; edges: { node: { slug: string } }[] } }; missing: null }>(
      `{ tag(slug: "elections") { name articles { totalCount edges { node { slug } } } } missing: tag(slug: "nope") { name } }`,
    )
    t.equal(data.tag.name, 'Elections')
    t.same(data.tag.articles.edges.map((e) => e.node.slug), ['lagos-vote'])
    t.equal(data.tag.articles.totalCount, 1)
    t.equal(data.missing, null)
  })

  t.test('nested connections are batched: more sections, same statements', async (t) => {
    const QUERY = `{ sections { children { articles(first: 2) { totalCount edges { node { slug authors { name } } } } } articles(first: 2) { totalCount edges { node { slug } } } } }`
    const before = await countStatements(() => graphql(QUERY))
    for (let i = 0; i < 6; i++) {
      const child = await f.section({ slug: `extra-${i}`, parentId: regions.id, position: 10 + i })
      await f.article({ slug: `extra-story-${i}`, sectionId: child.id, authors: [{ id: author.id }] })
    }
    const after = await countStatements(() => graphql(QUERY))
    t.equal(after.statements, before.statements, `${before.statements} statements with 2 children or 8`)
  })

  t.test('latest(first, section)', async (t) => {
    const { data } = await graphql<{ all: { slug: string }[]; regions: { slug: string }[] }>(
      `{ all: latest(first: 2) { slug } regions: latest(first: 10, section: "regions") { slug } }`,
    )
    t.equal(data.all.length, 2)
    t.notOk(data.regions.some((a) => a.slug === 'quick-take'), 'section filter includes only that subtree')
    t.ok(data.regions.some((a) => a.slug === 'seoul-budget'))
  })
})

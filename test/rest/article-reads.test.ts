import { sql } from 'drizzle-orm'
import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients, row, type RestError } from './rest-client.js'

interface Summary {
  id: string
  slug: string
  version: number
  kicker: string | null
  status: string
  section: { id: string; slug: string } | null
  authors: { id: string; slug: string }[]
  leadImage: { id: string; credit: { line: string | null } } | null
}
interface ArticleList {
  nodes: Summary[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  totalCount: number
}
interface Article extends Summary {
  headline: string
  body: { html: string; text: string; wordCount: number }
  bylines: { role: string; author: { slug: string } }[]
  tags: { slug: string }[]
  section: { id: string; slug: string; path: { slug: string }[] } | null
}

t.test('REST article reads', async (t) => {
  const { app, database, countStatements } = await buildTestApp(t)
  const rest = await restClients(app, database)
  const f = fixtures(database.db)
  const regions = await f.section({ slug: 'regions', name: 'Regions' })
  const middleEast = await f.section({ slug: 'middle-east', name: 'Middle East', parentId: regions.id })
  const economy = await f.section({ slug: 'economy', name: 'Economy' })
  const writer = await f.author({ slug: 'writer', name: 'Writer' })
  const gulf = await f.tag({ slug: 'gulf' })
  const photo = await f.media({ creditCreator: 'Ana Ruiz', creditProvider: 'Flickr' })
  const story = await f.article({
    slug: 'talks-resume',
    headline: 'Talks resume',
    label: 'Analysis',
    sectionId: middleEast.id,
    leadImageId: photo.id,
    authors: [{ id: writer.id, role: 'Reporting by' }],
    tagIds: [gulf.id],
    paragraphs: ['Talks **resumed** in Muscat.', 'Neither side expects a quick deal.'],
  })
  const draft = await f.article({ slug: 'secret-draft', status: 'draft', sectionId: middleEast.id })

  t.test('GET /v1/articles/{id}: the article, its version ETag, public caching and surrogate keys', async (t) => {
    const response = await rest.public<Article>('GET', `/v1/articles/${story.id}`)
    t.equal(response.status, 200)
    t.match(response.body, {
      id: story.id,
      slug: 'talks-resume',
      version: 1,
      headline: 'Talks resume',
      kicker: 'Analysis | Middle East',
      status: 'PUBLISHED',
      section: { id: middleEast.id, slug: 'middle-east', path: [{ slug: 'regions' }, { slug: 'middle-east' }] },
      bylines: [{ role: 'Reporting by', author: { slug: 'writer' } }],
      tags: [{ slug: 'gulf' }],
      leadImage: { id: photo.id, credit: { line: 'Ana Ruiz/Flickr' } },
    })
    t.match(response.body.body.html, /<strong>resumed<\/strong>/)
    t.equal(response.headers.etag, '"v1"', 'strong ETag of the version')
    t.match(response.headers['cache-control'], /^public, max-age=\d+/)
    const keys = response.headers['surrogate-key']?.split(' ') ?? []
    for (const key of [`article:${story.id}`, `section:${middleEast.id}`, `author:${writer.id}`, `tag:${gulf.id}`, `media:${photo.id}`]) {
      t.ok(keys.includes(key), `Surrogate-Key names ${key}`)
    }
  })

  t.test('the same id serves REST and GraphQL', async (t) => {
    const graphql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: `{ article(slug: "talks-resume") { id version } }` } })
    t.same(graphql.json(), { data: { article: { id: story.id, version: 1 } } })
  })

  t.test('If-None-Match with the current ETag answers 304 without a body', async (t) => {
    const response = await rest.public('GET', `/v1/articles/${story.id}`, { ifNoneMatch: '"v1"' })
    t.equal(response.status, 304)
    t.equal(response.body, undefined)
    t.equal(response.headers.etag, '"v1"')
    const stale = await rest.public('GET', `/v1/articles/${story.id}`, { ifNoneMatch: '"v0"' })
    t.equal(stale.status, 200, 'another ETag gets the body')
  })

  t.test('GET /v1/articles/slug/{slug}, and 301 to the new slug after a rename', async (t) => {
    const found = await rest.public<Article>('GET', '/v1/articles/slug/talks-resume')
    t.equal(found.status, 200)
    t.equal(found.body.id, story.id)
    t.equal(found.headers.etag, '"v1"')

    const renamed = await f.article({ slug: 'old-name', sectionId: economy.id })
    const patched = await rest.editor<Article>('PATCH', `/v1/articles/${renamed.id}`, { ifMatch: '"v1"', body: { slug: 'new-name' } })
    t.equal(patched.status, 200)
    const moved = await rest.public('GET', '/v1/articles/slug/old-name')
    t.equal(moved.status, 301)
    t.equal(moved.headers.location, '/v1/articles/slug/new-name')
    t.match(moved.headers['cache-control'], /^public/, 'a redirect may be cached')
    const followed = await rest.public<Article>('GET', moved.headers.location!)
    t.equal(followed.body.id, renamed.id)
    const previewMoved = await rest.preview('GET', '/v1/articles/slug/old-name?preview=true')
    t.equal(previewMoved.headers.location, '/v1/articles/slug/new-name?preview=true', 'the query is kept')
    t.equal((await rest.public('GET', '/v1/articles/slug/no-such-story')).status, 404)
  })

  t.test('a draft is never public; a preview token sees it with ?preview=true, privately', async (t) => {
    for (const url of [`/v1/articles/${draft.id}`, '/v1/articles/slug/secret-draft', `/v1/articles/${draft.id}?preview=false`]) {
      const response = await rest.public<RestError>('GET', url)
      t.equal(response.status, 404, url)
      t.equal(response.body.error.code, 'NOT_FOUND')
    }
    t.equal((await rest.preview('GET', `/v1/articles/${draft.id}`)).status, 404, 'a token alone does not preview')
    const unauthenticated = await rest.public<RestError>('GET', `/v1/articles/${draft.id}?preview=true`)
    t.equal(unauthenticated.status, 401)
    t.equal(unauthenticated.body.error.code, 'UNAUTHENTICATED')

    const preview = await rest.preview<Article>('GET', `/v1/articles/${draft.id}?preview=true`)
    t.equal(preview.status, 200)
    t.match(preview.body, { id: draft.id, status: 'DRAFT' })
    t.equal(preview.headers['cache-control'], 'private, no-store')
    const bySlug = await rest.preview<Article>('GET', '/v1/articles/slug/secret-draft?preview=true')
    t.equal(bySlug.body.id, draft.id)
    const list = await rest.public<ArticleList>('GET', '/v1/articles?first=100')
    t.notOk(list.body.nodes.some((node) => node.id === draft.id), 'not in lists either')
  })

  t.test('GET /v1/articles filters like GraphQL articles', async (t) => {
    await f.article({ slug: 'econ-1', sectionId: economy.id, label: 'News', publishAt: hoursAgo(30) })
    const bySection = await rest.public<ArticleList>('GET', '/v1/articles?section=regions')
    t.same(bySection.body.nodes.map((n) => n.slug), ['talks-resume'], 'a section includes its subsections')
    t.same((await rest.public<ArticleList>('GET', '/v1/articles?tag=gulf')).body.nodes.map((n) => n.slug), ['talks-resume'])
    t.same((await rest.public<ArticleList>('GET', '/v1/articles?author=writer')).body.nodes.map((n) => n.slug), ['talks-resume'])
    t.same((await rest.public<ArticleList>('GET', '/v1/articles?label=News')).body.nodes.map((n) => n.slug), ['econ-1'])
    const window = await rest.public<ArticleList>('GET', `/v1/articles?publishedBefore=${hoursAgo(20).toISOString()}&publishedAfter=${hoursAgo(40).toISOString()}`)
    t.same(window.body.nodes.map((n) => n.slug), ['econ-1'])
    const ascending = await rest.public<ArticleList>('GET', '/v1/articles?orderBy=PUBLISHED_AT_ASC&first=1')
    t.equal(ascending.body.nodes[0]?.slug, 'econ-1')
    t.equal(ascending.body.totalCount, 3)
    const list = await rest.public('GET', '/v1/articles')
    t.match(list.headers['cache-control'], /^public, max-age=/)
    t.match(list.headers['surrogate-key'], /(^| )articles( |$)/)
    t.match(list.headers.etag, /^"h/, 'lists get a content ETag')
  })

  t.test('Link rel="next" pages through a list, and 304 on a list revalidation', async (t) => {
    const section = await f.section({ slug: 'paged' })
    const ids = []
    for (let i = 0; i < 5; i++) ids.push((await f.article({ slug: `paged-${i}`, sectionId: section.id, publishAt: hoursAgo(100 + i) })).id)
    let url: string | undefined = '/v1/articles?section=paged&first=2'
    const seen: string[] = []
    let pages = 0
    while (url) {
      const page: { status: number; headers: Record<string, string | undefined>; body: ArticleList } = await rest.public<ArticleList>('GET', url)
      t.equal(page.status, 200)
      pages++
      seen.push(...page.body.nodes.map((n) => n.id))
      const link = page.headers.link
      if (page.body.pageInfo.hasNextPage) t.match(link, /^<\/v1\/articles\?section=paged&first=2&after=[\w-]+>; rel="next"$/)
      else t.equal(link, undefined, 'the last page has no Link')
      url = link ? /^<([^>]+)>/.exec(link)?.[1] : undefined
    }
    t.equal(pages, 3)
    t.same(seen, ids, 'every article once, newest first')

    const first = await rest.public('GET', '/v1/articles?section=paged&first=2')
    const again = await rest.public('GET', '/v1/articles?section=paged&first=2', { ifNoneMatch: first.headers.etag! })
    t.equal(again.status, 304)
  })

  t.test('list statements do not grow with the page size', async (t) => {
    const bulk = await f.section({ slug: 'bulk' })
    for (let i = 0; i < 50; i++) {
      await f.article({ slug: `bulk-${i}`, sectionId: bulk.id, publishAt: hoursAgo(200 + i), authors: [{ id: writer.id }], tagIds: [gulf.id], leadImageId: photo.id })
    }
    const one = await countStatements(() => rest.public<ArticleList>('GET', '/v1/articles?section=bulk&first=1'))
    const fifty = await countStatements(() => rest.public<ArticleList>('GET', '/v1/articles?section=bulk&first=50'))
    t.equal(fifty.result.body.nodes.length, 50)
    t.equal(fifty.statements, one.statements, `50 articles cost what 1 costs (${one.statements} statements)`)
    t.ok(fifty.statements <= 12, `a small constant: ${fifty.statements}`)
  })

  t.test('bad input answers 400 with the problems shape, never 500', async (t) => {
    const cases: [string, (string | number)[]][] = [
      ['/v1/articles?first=500', ['query', 'first']],
      ['/v1/articles?first=-1', ['query', 'first']],
      ['/v1/articles?first=ten', ['query', 'first']],
      ['/v1/articles?publishedAfter=yesterday', ['query', 'publishedAfter']],
      ['/v1/articles?orderBy=RANDOM', ['query', 'orderBy']],
      ['/v1/articles?section=Not%20A%20Slug', ['query', 'section']],
      ['/v1/articles?after=not-a-cursor', ['query', 'after']],
      [`/v1/articles?publishedAfter=${hoursAgo(1).toISOString()}&publishedBefore=${hoursAgo(2).toISOString()}`, ['query', 'publishedBefore']],
      ['/v1/articles/not-a-uuid', ['params', 'id']],
      ['/v1/articles/slug/x?preview=maybe', ['query', 'preview']],
      ['/v1/latest?first=101', ['query', 'first']],
    ]
    for (const [url, path] of cases) {
      const response = await rest.public<RestError>('GET', url)
      t.equal(response.status, 400, url)
      t.equal(response.body.error.code, 'BAD_USER_INPUT', url)
      t.same(response.body.error.problems?.[0]?.path, path, `${url} names ${path.join('.')}`)
      t.type(response.body.error.problems?.[0]?.message, 'string')
      t.equal(response.headers['cache-control'], 'private, no-store')
    }
  })

  t.test('GET /v1/latest: newest first, site-wide or in a section', async (t) => {
    const latest = await rest.public<Summary[]>('GET', '/v1/latest?first=2')
    t.equal(latest.status, 200)
    t.same(latest.body.map((a) => a.slug), ['new-name', 'talks-resume'], 'both went live an hour ago; the later one first')
    t.match(latest.headers['surrogate-key'], /articles:latest/)
    const inSection = await rest.public<Summary[]>('GET', '/v1/latest?section=middle-east')
    t.same(inSection.body.map((a) => a.slug), ['talks-resume'])
  })

  t.test('GET /v1/search: ranked results with snippets, paged by Link', async (t) => {
    await f.article({ slug: 'muscat-two', headline: 'Muscat again', paragraphs: ['More talks in Muscat today.'] })
    const page = await rest.public<{ edges: { node: { slug: string }; snippet: string; rank: number }[]; totalCount: number; pageInfo: { hasNextPage: boolean } }>(
      'GET',
      '/v1/search?q=muscat&first=1',
    )
    t.equal(page.status, 200)
    t.equal(page.body.totalCount, 2)
    t.equal(page.body.edges.length, 1)
    t.match(page.body.edges[0]?.snippet, /<mark>/)
    t.match(page.headers.link, /^<\/v1\/search\?q=muscat&first=1&after=[\w-]+>; rel="next"$/)
    const next = await rest.public<{ edges: { node: { slug: string } }[] }>('GET', /^<([^>]+)>/.exec(page.headers.link!)![1]!)
    t.equal(next.body.edges.length, 1)
    t.not(next.body.edges[0]?.node.slug, page.body.edges[0]?.node.slug)
    const empty = await rest.public<RestError>('GET', '/v1/search?q=%20')
    t.equal(empty.status, 400)
    t.same(empty.body.error.problems?.[0]?.path, ['query', 'q'])
  })

  t.test('the database is untouched by reads', async (t) => {
    t.same(await row(database, sql`SELECT version FROM articles WHERE id = ${story.id}::uuid`), { version: 1 })
  })
})

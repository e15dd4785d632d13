import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients, type RestError } from './rest-client.js'

interface Page {
  at: string
  article: { id: string; slug: string; status: string }
  related: { slug: string }[]
  relatedLinks: { headline: string; source: string; url: string | null; article: { slug: string } | null }[]
  latest: { slug: string }[]
  promos: { id: string; title: string; placement: string; kind: string }[]
  site: { name: string; version: number }
}

t.test('GET /v1/article-pages/{slug}', async (t) => {
  const { app, database, graphql } = await buildTestApp(t)
  const rest = await restClients(app, database)
  const f = fixtures(database.db)
  await f.site({ name: 'The Ledger' })
  const section = await f.section({ slug: 'middle-east' })
  const host = await f.article({ slug: 'host', sectionId: section.id, publishAt: hoursAgo(5) })
  const curated = await f.article({ slug: 'curated', publishAt: hoursAgo(50) })
  await f.article({ slug: 'neighbour', sectionId: section.id, publishAt: hoursAgo(2) })
  await f.relatedLink({ articleId: host.id, position: 0, targetArticleId: curated.id })
  await f.relatedLink({ articleId: host.id, position: 1, url: 'https://example.org/report', headline: 'An outside report' })
  const appeal = await f.promo({ kind: 'appeal', placement: 'after-body', title: 'Support us', sectionId: section.id })
  await f.promo({ title: 'Not yet', startsAt: hoursAgo(-48) })
  const draft = await f.article({ slug: 'draft-page', status: 'draft', sectionId: section.id })

  t.test('composes the whole page like GraphQL articlePage', async (t) => {
    const response = await rest.public<Page>('GET', '/v1/article-pages/host')
    t.equal(response.status, 200)
    const page = response.body
    t.equal(page.article.id, host.id)
    t.equal(page.related[0]?.slug, 'curated', 'curated first')
    t.match(page.relatedLinks, [
      { source: 'CURATED', article: { slug: 'curated' } },
      { source: 'CURATED', headline: 'An outside report', url: 'https://example.org/report', article: null },
    ])
    t.notOk(page.latest.some((a) => a.slug === 'host'), 'latest leaves the page’s own story out')
    t.same(page.promos.map((p) => [p.title, p.kind, p.placement]), [['Support us', 'APPEAL', 'AFTER_BODY']], 'only promos open now')
    t.match(page.site, { name: 'The Ledger', version: 1 })
    const expected = await graphql<{ articlePage: { related: { slug: string }[]; latest: { slug: string }[] } }>(
      `{ articlePage(slug: "host") { related { slug } latest { slug } } }`,
    )
    t.same(page.related.map((a) => a.slug), expected.data.articlePage.related.map((a) => a.slug), 'the same rail as GraphQL')
    t.same(page.latest.map((a) => a.slug), expected.data.articlePage.latest.map((a) => a.slug))

    t.match(response.headers['cache-control'], /^public, max-age=/)
    t.match(response.headers.etag, /^"h/, 'a composed page is versioned by its content')
    const keys = response.headers['surrogate-key']?.split(' ') ?? []
    for (const key of [`article:${host.id}`, `article:${curated.id}`, `promo:${appeal.id}`, `section:${section.id}`, 'site', 'promos', 'articles:latest']) {
      t.ok(keys.includes(key), `Surrogate-Key names ${key}`)
    }
  })

  t.test('a former slug answers 301 to the page at the current slug', async (t) => {
    await f.redirect('host-old', host.id)
    const moved = await rest.public('GET', '/v1/article-pages/host-old')
    t.equal(moved.status, 301)
    t.equal(moved.headers.location, '/v1/article-pages/host')
  })

  t.test('drafts: 404 for the public, the page for a preview token', async (t) => {
    const hidden = await rest.public<RestError>('GET', '/v1/article-pages/draft-page')
    t.equal(hidden.status, 404)
    t.equal(hidden.body.error.code, 'NOT_FOUND')
    const preview = await rest.preview<Page>('GET', '/v1/article-pages/draft-page?preview=true')
    t.equal(preview.status, 200)
    t.equal(preview.body.article.id, draft.id)
    t.equal(preview.body.article.status, 'DRAFT')
    t.equal(preview.headers['cache-control'], 'private, no-store')
  })

  t.test('another instant needs a preview token', async (t) => {
    const future = hoursAgo(-72).toISOString()
    const refused = await rest.public<RestError>('GET', `/v1/article-pages/host?at=${future}`)
    t.equal(refused.status, 403)
    t.equal(refused.body.error.code, 'FORBIDDEN')
    const later = await rest.preview<Page>('GET', `/v1/article-pages/host?at=${future}`)
    t.equal(later.status, 200)
    t.equal(later.body.at, future)
    t.ok(later.body.promos.some((p) => p.title === 'Not yet'), 'the promo open then is on the page')
    const bad = await rest.preview<RestError>('GET', '/v1/article-pages/host?at=tomorrow')
    t.equal(bad.status, 400)
    t.same(bad.body.error.problems?.[0]?.path, ['query', 'at'])
  })
})

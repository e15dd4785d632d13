import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const PAGE = `query ($slug: String!, $at: DateTime, $first: Int) {
  articlePage(slug: $slug, at: $at) {
    at
    article { slug headline section { name path { name } } authors { name } bylines { role author { slug } } tags { slug } leadImage { url caption credit { line } } body { html } }
    related(first: $first) { slug section { name } leadImage { url alt caption credit { line } } teaser }
    relatedLinks(first: $first) { headline teaser url source article { slug } }
    latest(first: 3) { slug }
    promos { kind placement title body { html } }
    site { name socialLinks { network url } newsletter { text } }
  }
}`

interface Page {
  articlePage: {
    at: string
    article: { slug: string }
    related: { slug: string }[]
    relatedLinks: { headline: string; teaser: string | null; url: string | null; source: string; article: { slug: string } | null }[]
    latest: { slug: string }[]
    promos: { kind: string; placement: string; title: string; body: { html: string } }[]
    site: { name: string; socialLinks: { network: string }[]; newsletter: { text: string } | null }
  }
}

t.test('articlePage', async (t) => {
  const { graphql, database, countStatements } = await buildTestApp(t)
  const f = fixtures(database.db)
  await f.site({ name: 'The Test Gazette', socialLinks: [{ network: 'mastodon', url: 'https://social.example/@gazette' }], newsletterText: 'Every Friday.' })
  const regions = await f.section({ slug: 'regions', name: 'Regions' })
  const middleEast = await f.section({ slug: 'middle-east', name: 'Middle East', parentId: regions.id })
  const politics = await f.section({ slug: 'politics', name: 'Politics' })
  const iran = await f.tag({ slug: 'iran' })
  const oil = await f.tag({ slug: 'oil' })

  const main = await f.article({ slug: 'main', sectionId: middleEast.id, tagIds: [iran.id, oil.id], publishAt: hoursAgo(2) })
  const curatedOld = await f.article({ slug: 'curated-old', sectionId: politics.id, publishAt: hoursAgo(900) })
  const curatedDraft = await f.article({ slug: 'curated-draft', status: 'draft', sectionId: middleEast.id, tagIds: [iran.id, oil.id] })
  // Automatic candidates: two shared tags > one shared tag > same section only > nothing shared.
  await f.article({ slug: 'two-tags', sectionId: politics.id, tagIds: [iran.id, oil.id], publishAt: hoursAgo(30) })
  await f.article({ slug: 'one-tag', sectionId: politics.id, tagIds: [oil.id], publishAt: hoursAgo(20) })
  await f.article({ slug: 'same-section', sectionId: middleEast.id, publishAt: hoursAgo(10) })
  await f.article({ slug: 'unrelated-newest', sectionId: politics.id, publishAt: hoursAgo(0.5) })
  await f.article({ slug: 'related-but-future', status: 'scheduled', sectionId: middleEast.id, tagIds: [iran.id, oil.id], publishAt: new Date(Date.now() + 3_600_000) })

  await f.relatedLink({ articleId: main.id, position: 0, targetArticleId: curatedOld.id, headline: 'An older story worth reading' })
  await f.relatedLink({ articleId: main.id, position: 1, targetArticleId: curatedDraft.id })
  await f.relatedLink({ articleId: main.id, position: 2, url: 'https://think-tank.example/report', headline: 'The full report', teaser: 'Forty pages of data.' })

  await f.promo({ kind: 'appeal', placement: 'after-body', title: 'Open appeal', startsAt: hoursAgo(24), endsAt: new Date(Date.now() + 86_400_000) })
  await f.promo({ kind: 'appeal', placement: 'after-body', title: 'Expired appeal', startsAt: hoursAgo(100), endsAt: hoursAgo(50) })
  await f.promo({ kind: 'cta', placement: 'top', title: 'Future CTA', startsAt: new Date(Date.now() + 86_400_000) })
  await f.promo({ kind: 'cta', placement: 'end', title: 'Regions CTA', sectionId: regions.id })
  await f.promo({ kind: 'cta', placement: 'end', title: 'Politics CTA', sectionId: politics.id })
  await f.promo({ kind: 'newsletter', placement: 'sidebar', title: 'Newsletter' })

  t.test('composes the whole page in one request', async (t) => {
    const { status, data, errors } = await graphql<Page>(PAGE, { slug: 'main', first: 3 })
    t.equal(status, 200, JSON.stringify(errors))
    const page = data.articlePage
    t.equal(page.article.slug, 'main')
    t.same(
      page.related.map((a) => a.slug),
      ['curated-old', 'two-tags', 'one-tag'],
      'curated first (draft target skipped), then shared tags outrank the same section',
    )
    t.same(page.relatedLinks.map((l) => [l.source, l.article?.slug ?? l.url, l.headline]), [
      ['CURATED', 'curated-old', 'An older story worth reading'],
      ['CURATED', 'https://think-tank.example/report', 'The full report'],
      ['AUTOMATIC', 'two-tags', 'Headline two-tags'],
    ])
    t.equal(page.relatedLinks[1]?.teaser, 'Forty pages of data.')
    t.same(page.latest.map((a) => a.slug), ['unrelated-newest', 'same-section', 'one-tag'], 'latest leaves out the page itself')
    t.same(page.promos.map((p) => p.title).sort(), ['Newsletter', 'Open appeal', 'Regions CTA'], 'open windows, site-wide or for a section above the article')
    t.same(page.promos.find((p) => p.title === 'Open appeal'), { kind: 'APPEAL', placement: 'AFTER_BODY', title: 'Open appeal', body: { html: '' } })
    t.equal(page.site.name, 'The Test Gazette')
    t.equal(page.site.newsletter?.text, 'Every Friday.')
    t.ok(Math.abs(Date.parse(page.at) - Date.now()) < 10_000, 'composed for now')
  })

  t.test('the rail fills up with more, never repeating or including the article itself', async (t) => {
    const { data } = await graphql<Page>(PAGE, { slug: 'main', first: 10 })
    const slugs = data.articlePage.related.map((a) => a.slug)
    t.same(slugs, ['curated-old', 'two-tags', 'one-tag', 'same-section'])
    t.notOk(slugs.includes('main'))
    t.equal(new Set(slugs).size, slugs.length)
    t.notOk(slugs.includes('related-but-future'), 'scheduled stories stay out')
    t.notOk(slugs.includes('unrelated-newest'), 'nothing shared, not related')
  })

  t.test('the same article shows a different rail once newer related stories arrive', async (t) => {
    const before = (await graphql<Page>(PAGE, { slug: 'main', first: 3 })).data.articlePage.related.map((a) => a.slug)
    await f.article({ slug: 'fresh-two-tags', sectionId: middleEast.id, tagIds: [iran.id, oil.id], publishAt: hoursAgo(0.1) })
    const after = (await graphql<Page>(PAGE, { slug: 'main', first: 3 })).data.articlePage.related.map((a) => a.slug)
    t.same(before, ['curated-old', 'two-tags', 'one-tag'])
    t.same(after, ['curated-old', 'fresh-two-tags', 'two-tags'])
  })

  t.test('the page at another instant is refused to the public', async (t) => {
    for (const at of [new Date(Date.now() + 86_400_000), hoursAgo(24 * 30)]) {
      const response = await graphql<Page>(PAGE, { slug: 'main', at: at.toISOString() })
      t.equal(response.status, 403)
      t.equal(response.data, null)
      t.equal(response.errors?.[0]?.extensions.code, 'FORBIDDEN')
    }
    const now = await graphql<Page>(PAGE, { slug: 'main', at: new Date().toISOString() })
    t.equal(now.status, 200, 'now (give or take the clocks) is allowed')
    t.equal(now.data.articlePage.article.slug, 'main')
  })

  t.test('an article that is not public has no page', async (t) => {
    for (const slug of ['curated-draft', 'related-but-future', 'no-such-story']) {
      const response = await graphql<Page>(PAGE, { slug })
      t.equal(response.status, 404, slug)
      t.equal(response.errors?.[0]?.extensions.code, 'NOT_FOUND')
      t.equal(response.data, null)
    }
  })

  t.test('a page costs a constant number of statements, whatever the rail length', async (t) => {
    const three = await countStatements(() => graphql<Page>(PAGE, { slug: 'main', first: 3 }))
    const ten = await countStatements(() => graphql<Page>(PAGE, { slug: 'main', first: 10 }))
    t.equal(ten.result.data.articlePage.related.length, 5)
    t.equal(ten.statements, three.statements)
    // The article with its section tree, site, bylines and tags; curated links; the automatic
    // fill; latest; promos. One more is a relation that lost its batching.
    t.ok(three.statements <= 5, `at most 5: ${three.statements}`)
    t.comment(`articlePage: ${three.statements} SQL statements`)
  })
})

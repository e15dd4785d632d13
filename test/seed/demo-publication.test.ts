import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { demoPublication } from '../../src/seed/demo-content/index.js'
import { isDatabaseEmpty } from '../../src/seed/database-state.js'
import { projectRoot } from '../../src/paths.js'
import { seedDemoPublication } from '../../src/seed/seed-demo.js'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'
import { servedArticleRenditions, servedPromoRenditions, storedArticleRenditions, storedPromoRenditions } from '../domain/renditions/renditions-kit.js'

const PAGE = `query ($slug: String!) {
  articlePage(slug: $slug) {
    article { slug headline kicker dek section { name path { slug } } bylines { role author { name } }
      leadImage { url alt caption credit { line licence { name valid } } } body { html text wordCount } teaser tags { slug } }
    related(first: 3) { slug section { name } leadImage { url caption credit { line } } teaser }
    relatedLinks(first: 3) { source headline url }
    latest(first: 5) { slug }
    promos { kind placement title }
    site { name socialLinks { network } newsletter { text } }
  }
}`

interface PageData {
  articlePage: {
    article: { slug: string; kicker: string; section: { name: string }; bylines: unknown[]; leadImage: { credit: { line: string | null } } | null; body: { html: string; wordCount: number }; teaser: string }
    related: { slug: string }[]
    relatedLinks: { source: string }[]
    latest: { slug: string }[]
    promos: { kind: string; title: string }[]
    site: { name: string }
  }
}

t.test('the demo publication', async (t) => {
  const { app, graphql, database, countStatements } = await buildTestApp(t)
  t.equal(await isDatabaseEmpty(database.db), true)
  const summary = await seedDemoPublication(database.db, new Date())
  t.equal(await isDatabaseEmpty(database.db), false)
  t.equal(summary.articles, demoPublication.articles.length)

  const published = demoPublication.articles.filter((a) => (a.status ?? 'published') === 'published')
  const hidden = demoPublication.articles.filter((a) => (a.status ?? 'published') !== 'published')

  t.test('is shaped like the reference pages', async (t) => {
    t.ok(published.length >= 40, `${published.length} published articles`)
    t.ok(new Set(published.map((a) => a.label)).size >= 3, 'at least three labels')
    t.ok(demoPublication.sections.length >= 6)
    t.ok(demoPublication.sections.some((s) => s.kind === 'vertical'), 'a short-takes vertical')
    t.ok(demoPublication.sections.some((s) => s.parent), 'sections form a tree')
    t.ok(demoPublication.authors.length >= 8)
    t.ok(hidden.some((a) => a.status === 'draft') && hidden.some((a) => a.status === 'scheduled'))
    const lines = new Set(demoPublication.media.map((m) => m.creditLine ?? `${m.creditCreator ?? ''}/${m.creditProvider ?? ''}`))
    t.ok(lines.size >= 20, 'varied credit lines')
    const { data } = await graphql<{ articles: { totalCount: number } }>('{ articles { totalCount } }')
    t.equal(data.articles.totalCount, published.length, 'exactly the published stories are public')
  })

  t.test('every published story renders a whole page without an error', async (t) => {
    for (const story of published) {
      const { status, data, errors } = await graphql<PageData>(PAGE, { slug: story.slug })
      t.equal(status, 200, story.slug)
      t.equal(errors, undefined, `${story.slug}: ${JSON.stringify(errors)}`)
      const page = data.articlePage
      t.ok(page.article.body.wordCount > 20, `${story.slug} has a body`)
      t.ok(page.article.bylines.length > 0, `${story.slug} has a byline`)
      t.ok(page.related.length > 0, `${story.slug} has a keep-reading rail`)
      t.notOk(page.related.some((r) => r.slug === story.slug), `${story.slug} is not related to itself`)
      if (story.leadImage) t.ok(page.article.leadImage?.credit.line, `${story.slug} credits its photo`)
    }
  })

  t.test('every body is stored with the renditions the API serves', async (t) => {
    const as = await editorClients(app, database)
    const articleIds = resultRows(await database.db.execute(sql`SELECT id FROM articles WHERE teaser IS NULL`)).map((row) => row.id as string)
    const promoIds = resultRows(await database.db.execute(sql`SELECT id FROM promo_blocks`)).map((row) => row.id as string)
    t.ok(articleIds.length > 10 && promoIds.length > 3)
    const storedArticles = await storedArticleRenditions(database.db, articleIds)
    for (const id of articleIds) t.same(storedArticles.get(id), await servedArticleRenditions(as.preview, id), `article ${id}`)
    const storedPromos = await storedPromoRenditions(database.db, promoIds)
    for (const id of promoIds) t.same(storedPromos.get(id), await servedPromoRenditions(as.preview, id), `promo ${id}`)
    const unfilled = resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM articles WHERE body_html IS NULL OR excerpt IS NULL OR word_count IS NULL`))[0]?.n
    t.equal(unfilled, 0, 'no row lacks them, those with an editor teaser included')
    t.ok([...storedArticles.values()].some((r) => r.html?.includes('<figure><img')), 'bodies embed images, rendered with the media')
  })

  t.test('drafts, scheduled and retracted stories never leak', async (t) => {
    const marked = resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM articles WHERE body_text ILIKE '%zephyrine%'`))[0]?.n
    t.equal(marked, hidden.length, 'the hidden stories are in the database…')
    const search = await graphql<{ search: { totalCount: number } }>('{ search(query: "zephyrine") { totalCount } }')
    t.equal(search.data.search.totalCount, 0, '…but search cannot find them')
    for (const story of hidden) {
      const { data } = await graphql<{ article: unknown }>('query ($slug: String!) { article(slug: $slug) { slug } }', { slug: story.slug })
      t.equal(data.article, null, `${story.slug} is not public`)
    }
    const everything = await graphql<{ sections: { articles: { edges: { node: { slug: string; related: { slug: string }[] } }[] } }[] }>(
      '{ sections { articles(first: 100) { edges { node { slug related(first: 20) { slug } } } } } }',
    )
    const seen = JSON.stringify(everything.data)
    for (const story of hidden) t.notMatch(seen, `"${story.slug}"`, `${story.slug} is not reachable through lists or relations`)
  })

  t.test('the seasonal appeal is on article pages while its window is open, the expired one is not', async (t) => {
    const { data } = await graphql<PageData>(PAGE, { slug: published[0]?.slug ?? '' })
    const appeals = demoPublication.promos.filter((p) => p.kind === 'appeal')
    const open = appeals.find((p) => (p.startsInDays ?? -1) <= 0 && (p.endsInDays ?? 1) > 0)
    const expired = appeals.find((p) => (p.endsInDays ?? 1) <= 0)
    t.ok(open && expired)
    const titles = data.articlePage.promos.map((p) => p.title)
    t.ok(titles.includes(open?.title ?? ''), 'open appeal shown')
    t.notOk(titles.includes(expired?.title ?? '-'), 'expired appeal gone')
    t.ok(data.articlePage.promos.some((p) => p.kind === 'NEWSLETTER'))
  })

  t.test('former slugs lead to the renamed stories', async (t) => {
    const renamed = published.filter((a) => a.formerSlugs?.length)
    t.ok(renamed.length > 0)
    for (const story of renamed) {
      const { data } = await graphql<{ article: { slug: string; redirectedFrom: string } }>('query ($slug: String!) { article(slug: $slug) { slug redirectedFrom } }', { slug: story.formerSlugs?.[0] })
      t.same(data.article, { slug: story.slug, redirectedFrom: story.formerSlugs?.[0] })
    }
  })

  t.test("the README's example query works as written", async (t) => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
    const example = /```graphql\n(\{\n {2}articlePage[\s\S]*?\n\})\n```/.exec(readme)?.[1]
    t.ok(example, 'the README shows an articlePage query')
    const { status, data, errors } = await graphql<PageData>(example ?? '')
    t.equal(status, 200)
    t.equal(errors, undefined, JSON.stringify(errors))
    t.ok(data.articlePage.related.length > 0 && data.articlePage.promos.length > 0)
  })

  t.test('a real page costs a small, fixed number of statements', async (t) => {
    // article, section tree, rail candidates, rail articles, latest, promos, site, bylines, tags,
    // lead images (the page's own and the rail's may resolve in two batches), and the images
    // inside the body when it has any: at most 12, whatever the lengths of the lists.
    const counts = []
    for (const story of published.slice(0, 5)) counts.push((await countStatements(() => graphql(PAGE, { slug: story.slug }))).statements)
    t.ok(Math.max(...counts) <= 12, `statements per page: ${counts.join(', ')}`)
  })
})

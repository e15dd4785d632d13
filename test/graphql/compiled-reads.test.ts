import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql'
import t from 'tap'
import { ARTICLE_PAGE_QUERY } from '../../bench/workloads.js'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { fillMissingRenditions } from '../../src/domain/renditions/fill-missing-renditions.js'
import { projections } from '../../src/graphql/compiled/projections.js'
import { seedDemoPublication } from '../../src/seed/seed-demo.js'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { fuzzParameters } from '../helpers/fuzz.js'
import { buildTestApp } from '../helpers/test-app.js'

/**
 * The compiled read path (src/graphql/compiled/) against the resolvers, which stay the
 * reference: the same database is read by the app and by a twin with compiled reads off, and
 * every answer must be the same — status, data, errors and surrogate keys — while the compiled
 * one costs a single statement. `at` (the instant a page was composed) differs between two
 * requests and is masked.
 */

// The benchmark's article page (workload W1).
const PAGE = ARTICLE_PAGE_QUERY

const README_PAGE = `query ($slug: String!) {
  articlePage(slug: $slug) {
    article {
      headline kicker dek publishedAt
      section { name path { name slug } }
      bylines { role author { name roleTitle photo { url } } }
      leadImage { url alt caption credit { line licence { name url valid } } }
      body { html wordCount readingMinutes }
      tags { name slug }
    }
    related(first: 3) { slug headline teaser section { name } leadImage { url alt caption credit { line } } }
    relatedLinks(first: 3) { source headline teaser url article { slug } }
    latest(first: 5) { slug headline publishedAt }
    promos { kind placement title linkUrl linkLabel body { html text json wordCount readingMinutes } }
    site { name socialLinks { network url } newsletter { title text url } }
  }
}`

const EVERY_FIELD = `query Every($slug: String!, $first: Int, $section: String) {
  __typename
  site { __typename version name tagline url language timezone socialLinks { network url handle } newsletter { title text url } }
  latest(first: $first, section: $section) { ...A }
  article(slug: $slug) { ...A redirectedFrom related(first: 4) { slug } }
  articlePage(slug: $slug) {
    article { id status redirectedFrom }
    relatedLinks(first: 8) { __typename source headline teaser url article { id slug teaser } }
    related(first: 8) { slug }
    end: promos(placement: END) { id version deletedAt kind placement title body { html text json } linkUrl linkLabel startsAt endsAt section { slug } }
    latest(section: $section) { slug }
  }
}
fragment A on Article {
  __typename id slug version headline seoTitle seoDescription dek label kicker teaser publishedAt firstPublishedAt updatedAt status unpublishAt createdAt deletedAt
  section { id version deletedAt slug name description kind tagline parent { slug name parent { slug } } path { id slug } }
  authors { id version deletedAt slug name roleTitle bio photo { id url caption mimeType credit { creator provider line licence { name url expiresAt valid } } } socialLinks { network url handle } }
  bylines { role author { slug } }
  tags { id version deletedAt slug name description }
  body { html text json wordCount readingMinutes }
  leadImage { id version deletedAt url alt caption width height mimeType credit { creator provider line licence { name url expiresAt valid } } }
}`

interface Answer {
  status: number
  body: string
  keys: Set<string>
}

// The instant a page was composed for (ArticlePage.at, aliased or not).
const maskInstants = (body: string) => body.replace(/"(\w*at)":"\d{4}-\d\d-\d\dT[^"]*"/g, (match, key: string) => (key === 'at' || /^[xy]at$/.test(key) ? `"${key}":"…"` : match))

function answerOf(response: LightMyRequestResponse): Answer {
  const keys = String(response.headers['surrogate-key'] ?? '').split(' ').filter(Boolean)
  // Mercurius orders `data` and `errors` differently with and without graphql-jit: compare them
  // apart. Key order of surrogate keys differs too (resolution vs statement order): compare sets.
  const { data, errors } = JSON.parse(response.body) as { data?: unknown; errors?: unknown }
  return { status: response.statusCode, body: maskInstants(JSON.stringify({ data, errors })), keys: new Set(keys) }
}

function sameAnswer(a: Answer, b: Answer): boolean {
  // A failed request is never cached, and which fields resolved before the failure (and tagged
  // their keys) depends on timing: keys are compared on successful answers.
  const failed = a.status !== 200 || a.body.includes('"errors":[')
  return a.status === b.status && a.body === b.body && (failed || (a.keys.size === b.keys.size && [...a.keys].every((key) => b.keys.has(key))))
}

t.test('compiled reads answer as the resolvers do', async (t) => {
  const { app, database, countStatements } = await buildTestApp(t, { GRAPHQL_COMPILED_READS: 'true' })
  const reference = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'false', WEBHOOK_DELIVERY: 'false', LOAD_SHEDDING: 'false', GRAPHQL_COMPILED_READS: 'false' }),
    database,
    logger: false,
  })
  t.teardown(() => reference.close())
  await seedDemoPublication(database.db, new Date())
  const f = fixtures(database.db)

  // Edge cases the demo content lacks: a former slug, an external link, a story without section,
  // label or image, an expired licence, a trashed section, an author with social links.
  const trashed = await f.section({ slug: 'old-desk', name: 'Old desk', deletedAt: hoursAgo(1) })
  const expired = await f.media({ licenceName: 'Agency', licenceExpiresAt: hoursAgo(5), creditCreator: 'A. Photographer', creditProvider: 'Agency' })
  const author = await f.author({ slug: 'linked-author', socialLinks: [{ network: 'mastodon', url: 'https://social.example/@a', handle: '@a' }, { network: 'web', url: 'https://a.example' }] })
  const bare = await f.article({ slug: 'bare-story', label: '', sectionId: trashed.id, leadImageId: expired.id, leadImageCaption: '', authors: [{ id: author.id }] })
  await f.article({ slug: 'no-section-story', teaser: '', publishAt: hoursAgo(0.5) })
  await f.redirect('bare-story-old', bare.id)
  await f.relatedLink({ articleId: bare.id, position: 0, url: 'https://elsewhere.example/x', headline: 'Elsewhere' })
  await f.relatedLink({ articleId: bare.id, position: 1, url: 'https://elsewhere.example/x', headline: 'Elsewhere again' })
  await fillMissingRenditions(database.db)

  const slugs = resultRows(await database.db.execute(sql`SELECT slug FROM articles ORDER BY slug`)).map((row) => row.slug as string)
  const requested = [...slugs, 'bare-story-old', 'no-such-story', 'Not A Slug']

  async function compare(query: string, variables: Record<string, unknown>): Promise<{ same: boolean; statements: number; reference: Answer; compiled: Answer }> {
    const payload = { query, variables }
    const expected = answerOf(await reference.inject({ method: 'POST', url: '/graphql', payload }))
    const { result, statements } = await countStatements(() => app.inject({ method: 'POST', url: '/graphql', payload }))
    const compiled = answerOf(result)
    return { same: sameAnswer(expected, compiled), statements, reference: expected, compiled }
  }

  t.test('every page, article and list of the demo publication', async (t) => {
    for (const [name, query] of Object.entries({ PAGE, README_PAGE, EVERY_FIELD })) {
      let compiledOnce = 0
      for (const slug of requested) {
        const outcome = await compare(query, { slug, first: 6, section: 'regions' })
        if (!outcome.same) t.fail(`${name} for ${slug} differs`, { expected: outcome.reference, found: outcome.compiled })
        if (outcome.reference.status === 200 && !outcome.reference.body.includes('"errors"')) {
          if (outcome.statements !== 1) t.fail(`${name} for ${slug}: ${outcome.statements} statements, expected the one compiled statement`)
          else compiledOnce++
        }
      }
      t.ok(compiledOnce >= slugs.length - 10, `${name}: ${compiledOnce} of ${requested.length} answered by one statement`)
    }
  })

  t.test('a former slug redirects, and drafts, scheduled and trashed stories stay invisible', async (t) => {
    const moved = await compare('query ($slug: String!) { article(slug: $slug) { slug redirectedFrom } }', { slug: 'bare-story-old' })
    t.ok(moved.same)
    t.equal(moved.statements, 1)
    t.equal((JSON.parse(moved.compiled.body) as { data: { article: { redirectedFrom: string } } }).data.article.redirectedFrom, 'bare-story-old')
    const hidden = resultRows(await database.db.execute(sql`SELECT slug FROM articles WHERE status NOT IN ('published') OR deleted_at IS NOT NULL OR publish_at > now()`))
    t.ok(hidden.length >= 3, 'the demo publication has drafts and scheduled stories')
    for (const { slug } of hidden) {
      const lookup = await compare('query ($slug: String!) { article(slug: $slug) { slug } latest(first: 100) { slug } }', { slug })
      t.ok(lookup.same, `${String(slug)}: same answer`)
      t.equal(lookup.statements, 1)
      t.same((JSON.parse(lookup.compiled.body) as { data: { article: unknown } }).data.article, null, `${String(slug)} is not found`)
      t.notOk(lookup.compiled.body.includes(`"slug":"${String(slug)}"`), `${String(slug)} is not in latest`)
    }
  })

  t.test('what the compiled path does not cover goes to the resolvers, unchanged', async (t) => {
    const cases: [string, Record<string, unknown>][] = [
      ['{ search(query: "election") { totalCount } }', {}],
      ['query ($slug: String!) { articlePage(slug: $slug, preview: true) { article { slug } } }', { slug: slugs[0] }],
      ['query ($slug: String!) { articlePage(slug: $slug, at: "2020-01-01T00:00:00Z") { article { slug } } }', { slug: slugs[0] }],
      ['{ latest(first: 1000) { slug } }', {}],
      ['query ($n: Int) { latest(first: $n) { slug } }', { n: -1 }],
      ['query ($n: Int) { latest(first: $n) { slug } }', { n: 'three' }],
      ['query ($x: Boolean!) { latest { slug @include(if: $x) } }', { x: true }],
      ['{ articlePage(slug: "no-such-story") { article { slug } } }', {}],
      ['{ article(slug: "x", id: "00000000-0000-4000-8000-000000000000") { slug } }', {}],
      ['{ latest { slug section { children { slug } } } }', {}],
    ]
    for (const [query, variables] of cases) {
      const outcome = await compare(query, variables)
      t.ok(outcome.same, query)
    }
  })

  t.test('one statement, however long the lists', async (t) => {
    const LISTS = `query ($slug: String!, $n: Int, $r: Int) {
      latest(first: $n) { slug kicker teaser section { path { slug } } bylines { author { photo { url } } } tags { slug } leadImage { credit { line } } body { wordCount } related(first: $r) { slug leadImage { url } } }
      articlePage(slug: $slug) { related(first: $r) { slug tags { slug } } relatedLinks(first: $r) { headline article { slug } } latest(first: $n) { slug } promos { title } }
    }`
    const [story] = resultRows(await database.db.execute(sql`SELECT slug FROM articles WHERE status = 'published' AND publish_at <= now() AND deleted_at IS NULL ORDER BY slug LIMIT 1`))
    // Lists of 1 and of their longest allowed (100 latest, 20 on a rail).
    for (const [n, r] of [[1, 1], [50, 10], [100, 20]] as const) {
      const outcome = await compare(LISTS, { slug: story?.slug, n, r })
      t.ok(outcome.same, `latest(first: ${n}), rails of ${r}: same answer`)
      t.equal(outcome.statements, 1, `latest(first: ${n}), rails of ${r}: 1 statement`)
    }
  })

  t.test('a missing rendition sends the request to the resolvers, which render', async (t) => {
    const [slug] = slugs
    await database.db.execute(sql`UPDATE articles SET body_html = NULL WHERE slug = ${slug}`)
    const outcome = await compare(PAGE, { slug })
    t.ok(outcome.same)
    t.ok(outcome.statements > 1, `${outcome.statements} statements: compiled, then the resolvers`)
    await fillMissingRenditions(database.db)
  })

  t.test('random selections of every compiled field', async (t) => {
    const live = resultRows(await database.db.execute(sql`SELECT slug FROM articles WHERE status = 'published' AND deleted_at IS NULL AND publish_at <= now()`)).map((row) => row.slug as string)
    const schema = app.graphql.schema
    const query = schema.getQueryType()
    if (!query) throw new Error('no Query type')
    await fc.assert(
      fc.asyncProperty(selectionOf(query, 4, ['articlePage', 'article', 'latest', 'site']), fc.constantFrom(...live), async (selection, slug) => {
        const document = `query ($slug: String!) ${selection}`
        const outcome = await compare(document, { slug })
        if (!outcome.same) throw new Error(`differs for ${slug}: ${document}\nexpected ${JSON.stringify(outcome.reference.body)}\nfound ${JSON.stringify(outcome.compiled.body)}`)
        if (outcome.statements !== 1 && outcome.reference.status === 200) throw new Error(`${outcome.statements} statements for ${document}`)
      }),
      fuzzParameters(60),
    )
    t.pass('compiled and resolved answers agree')
  })
})


/** A random selection set on `type`, of the fields the compiled path covers, with aliases and arguments. */
function selectionOf(type: GraphQLObjectType, depth: number, only?: string[]): fc.Arbitrary<string> {
  const covered = Object.keys(projections[type.name]?.fields ?? {}).filter((name) => !only || only.includes(name))
  const fields = covered.map((name) => {
    const field = type.getFields()[name]
    if (!field) throw new Error(`${type.name}.${name} is not in the schema`)
    const target = getNamedType(field.type)
    const args = field.args.map((arg) => arg.name)
    const argument: fc.Arbitrary<string> =
      name === 'articlePage' || name === 'article'
        ? fc.constant('(slug: $slug)')
        : args.includes('first')
          ? fc.integer({ min: 0, max: 12 }).map((n) => `(first: ${n})`)
          : fc.constant('')
    const alias = fc.option(fc.constantFrom('x', 'y'), { nil: undefined }).map((a) => (a ? `${a}${name}: ` : ''))
    const below = isObjectType(target) ? (depth > 0 ? selectionOf(target, depth - 1) : fc.constant('{ __typename }')) : fc.constant('')
    return fc.tuple(alias, argument, below).map(([a, arg, sel]) => `${a}${name}${arg} ${sel}`)
  })
  return fc.uniqueArray(fc.oneof(...fields), { minLength: 1, maxLength: 6, selector: (text) => text.split(/[ (]/)[0] }).map((parts) => `{ ${parts.join(' ')} }`)
}

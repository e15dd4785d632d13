import { sql } from 'drizzle-orm'
import t from 'tap'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { fixtures } from '../helpers/fixtures.js'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'

const FIELDS = 'id slug version status headline publishedAt unpublishAt deletedAt section { slug } authors { slug } tags { slug }'
const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { ${FIELDS} } }`
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`
const PUBLISH = `mutation ($id: ID!, $v: Int!, $at: DateTime) { publishArticle(id: $id, expectedVersion: $v, at: $at) { ${FIELDS} } }`
const UNPUBLISH = `mutation ($id: ID!, $v: Int!, $at: DateTime) { unpublishArticle(id: $id, expectedVersion: $v, at: $at) { ${FIELDS} } }`
const DELETE = `mutation ($id: ID!, $v: Int!) { deleteArticle(id: $id, expectedVersion: $v) { ${FIELDS} } }`
const RESTORE = `mutation ($id: ID!, $v: Int!) { restoreArticle(id: $id, expectedVersion: $v) { ${FIELDS} } }`
const PURGE = `mutation ($id: ID!, $v: Int!) { purgeArticle(id: $id, expectedVersion: $v) }`
const PUBLIC_ARTICLE = `query ($slug: String!) { article(slug: $slug) { slug headline redirectedFrom } }`

interface Article {
  id: string
  slug: string
  version: number
  status: string
  headline: string
  publishedAt: string | null
  unpublishAt: string | null
  deletedAt: string | null
  section: { slug: string } | null
  authors: { slug: string }[]
  tags: { slug: string }[]
}

const paragraphs = (...texts: string[]) => texts.map((text, i) => ({ _type: 'block', _key: `p${i}`, style: 'normal', markDefs: [], children: [{ _type: 'span', text, marks: [] }] }))

t.test('editing, scheduling and publishing articles', async (t) => {
  const { app, database, graphql } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'europe' })
  const author = await f.author({ slug: 'ines' })
  const tag = await f.tag({ slug: 'energy' })
  const count = async (table: string, where = sql`true`) =>
    Number(resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`))[0]?.n)

  let article!: Article
  t.test('a contributor creates a draft; the slug comes from the headline', async (t) => {
    const response = await as.contributor<{ createArticle: Article }>(CREATE, {
      input: { headline: 'Gas Storage Before Winter: Café Talk', sectionId: section.id, body: paragraphs('Storage is 90% full.'), authors: [{ authorId: author.id }], tagIds: [tag.id] },
    })
    t.equal(response.status, 200, JSON.stringify(response.errors))
    article = response.data.createArticle
    t.match(article, { slug: 'gas-storage-before-winter-cafe-talk', version: 1, status: 'DRAFT', publishedAt: null, section: { slug: 'europe' }, authors: [{ slug: 'ines' }], tags: [{ slug: 'energy' }] })
    t.equal(await count('article_revisions', sql`article_id = ${article.id}::uuid`), 1, 'revision 1 stored')
    t.equal((await graphql<{ article: null }>(PUBLIC_ARTICLE, { slug: article.slug })).data.article, null, 'the public cannot see a draft')
  })

  t.test('a second article with the same headline gets the next free slug', async (t) => {
    const response = await as.editor<{ createArticle: Article }>(CREATE, { input: { headline: 'Gas storage before winter: café talk' } })
    t.equal(response.data.createArticle.slug, 'gas-storage-before-winter-cafe-talk-2')
  })

  t.test('updates are partial and bump the version', async (t) => {
    const response = await as.contributor<{ updateArticle: Article }>(UPDATE, { id: article.id, v: 1, input: { headline: 'Gas storage before winter', revisionMessage: 'shorter' } })
    t.equal(response.status, 200, JSON.stringify(response.errors))
    t.match(response.data.updateArticle, { version: 2, headline: 'Gas storage before winter', authors: [{ slug: 'ines' }], tags: [{ slug: 'energy' }] })
    article = response.data.updateArticle
  })

  t.test('a stale version is refused, reports the current version and changes nothing', async (t) => {
    const response = await as.editor<{ updateArticle: null }>(UPDATE, { id: article.id, v: 1, input: { headline: 'Lost update' } })
    t.equal(response.status, 409)
    t.equal(response.errors?.[0]?.extensions.code, 'VERSION_CONFLICT')
    t.equal(response.errors?.[0]?.extensions.currentVersion, 2)
    t.equal(response.errors?.[0]?.extensions.expectedVersion, 1)
    const [row] = resultRows(await database.db.execute(sql`SELECT headline, version FROM articles WHERE id = ${article.id}::uuid`))
    t.same(row, { headline: 'Gas storage before winter', version: 2 })
  })

  t.test('contributors cannot publish', async (t) => {
    const response = await as.contributor(PUBLISH, { id: article.id, v: 2 })
    t.equal(response.status, 403)
    t.equal(response.errors?.[0]?.extensions.code, 'FORBIDDEN')
  })

  t.test('publishing with a future instant schedules: invisible until then, visible after, no job needed', async (t) => {
    const at = new Date(Date.now() + 1500)
    const response = await as.editor<{ publishArticle: Article }>(PUBLISH, { id: article.id, v: 2, at: at.toISOString() })
    t.equal(response.status, 200, JSON.stringify(response.errors))
    t.match(response.data.publishArticle, { status: 'SCHEDULED', version: 3, publishedAt: at.toISOString() })
    t.equal((await graphql<{ article: null }>(PUBLIC_ARTICLE, { slug: article.slug })).data.article, null, 'embargoed')
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()) + 50))
    t.equal((await graphql<{ article: { slug: string } }>(PUBLIC_ARTICLE, { slug: article.slug })).data.article?.slug, article.slug, 'live at its second')
    article = response.data.publishArticle
    const events = resultRows(await database.db.execute(sql`SELECT action, revision FROM publication_events WHERE article_id = ${article.id}::uuid`))
    t.same(events, [{ action: 'publish', revision: 3 }], 'the publication log names the revision')
  })

  t.test('contributors cannot edit what has been published', async (t) => {
    const response = await as.contributor(UPDATE, { id: article.id, v: 3, input: { dek: 'x' } })
    t.equal(response.errors?.[0]?.extensions.code, 'FORBIDDEN')
  })

  t.test('a slug change keeps the old slug as a redirect', async (t) => {
    const old = article.slug
    const response = await as.editor<{ updateArticle: Article }>(UPDATE, { id: article.id, v: 3, input: { slug: 'winter-gas' } })
    t.equal(response.data.updateArticle.slug, 'winter-gas')
    article = response.data.updateArticle
    const viaOld = await graphql<{ article: { slug: string; redirectedFrom: string } }>(PUBLIC_ARTICLE, { slug: old })
    t.same(viaOld.data.article, { slug: 'winter-gas', headline: 'Gas storage before winter', redirectedFrom: old })
  })

  t.test('unpublishing with a future instant sets an expiry; now takes it down', async (t) => {
    const expiry = new Date(Date.now() + 3_600_000)
    const scheduled = await as.editor<{ unpublishArticle: Article }>(UNPUBLISH, { id: article.id, v: 4, at: expiry.toISOString() })
    t.match(scheduled.data.unpublishArticle, { status: 'PUBLISHED', unpublishAt: expiry.toISOString(), version: 5 })
    t.ok((await graphql<{ article: unknown }>(PUBLIC_ARTICLE, { slug: 'winter-gas' })).data.article, 'still live before its expiry')
    const now = await as.editor<{ unpublishArticle: Article }>(UNPUBLISH, { id: article.id, v: 5 })
    t.match(now.data.unpublishArticle, { status: 'UNPUBLISHED', version: 6 })
    t.equal((await graphql<{ article: null }>(PUBLIC_ARTICLE, { slug: 'winter-gas' })).data.article, null)
    const again = await as.editor(UNPUBLISH, { id: article.id, v: 6 })
    t.equal(again.errors?.[0]?.extensions.code, 'BAD_USER_INPUT', 'cannot unpublish what is not published')
    article = now.data.unpublishArticle
  })

  t.test('republishing works and keeps the first publication date', async (t) => {
    const response = await as.editor<{ publishArticle: Article }>(PUBLISH, { id: article.id, v: 6 })
    t.match(response.data.publishArticle, { status: 'PUBLISHED', version: 7 })
    const [row] = resultRows(await database.db.execute(sql`SELECT first_published_at < publish_at AS kept FROM articles WHERE id = ${article.id}::uuid`))
    t.equal(row?.kept, true)
    article = response.data.publishArticle
  })

  t.test('publishing needs a section and a body', async (t) => {
    const bare = await as.editor<{ createArticle: Article }>(CREATE, { input: { headline: 'Empty' } })
    const response = await as.editor(PUBLISH, { id: bare.data.createArticle.id, v: 1 })
    t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
    t.same((response.errors?.[0]?.extensions.problems as { path: string[] }[]).map((p) => p.path.join('.')), ['article.sectionId', 'article.body'])
  })

  t.test('trash, restore and purge', async (t) => {
    t.equal((await as.contributor(DELETE, { id: article.id, v: 7 })).errors?.[0]?.extensions.code, 'FORBIDDEN', 'contributors cannot delete')
    const trashed = await as.editor<{ deleteArticle: Article }>(DELETE, { id: article.id, v: 7 })
    t.ok(trashed.data.deleteArticle.deletedAt)
    t.equal((await graphql<{ article: null }>(PUBLIC_ARTICLE, { slug: 'winter-gas' })).data.article, null, 'gone from the public at once')
    t.equal((await as.editor(UPDATE, { id: article.id, v: 8, input: { dek: 'x' } })).errors?.[0]?.extensions.code, 'NOT_FOUND', 'no edits in the trash')
    t.equal((await as.editor(PURGE, { id: article.id, v: 8 })).errors?.[0]?.extensions.code, 'FORBIDDEN', 'editors cannot purge')
    const restored = await as.editor<{ restoreArticle: Article }>(RESTORE, { id: article.id, v: 8 })
    t.equal(restored.data.restoreArticle.deletedAt, null)
    t.ok((await graphql<{ article: unknown }>(PUBLIC_ARTICLE, { slug: 'winter-gas' })).data.article, 'back for the public')
    t.equal((await as.admin(PURGE, { id: article.id, v: 9 })).errors?.[0]?.extensions.code, 'BAD_USER_INPUT', 'only trashed articles are purged')
    await as.editor(DELETE, { id: article.id, v: 9 })
    const purged = await as.admin<{ purgeArticle: string }>(PURGE, { id: article.id, v: 10 })
    t.equal(purged.data.purgeArticle, article.id)
    t.equal(await count('articles', sql`id = ${article.id}::uuid`), 0)
    t.equal(await count('article_revisions', sql`article_id = ${article.id}::uuid`), 0)
    t.ok(await count('audit_events', sql`entity_id = ${article.id} AND action = 'article.purge'`), 'the purge itself stays in the audit log')
  })

  t.test('every write is in the audit log with its actor', async (t) => {
    const actions = resultRows(await database.db.execute(sql`SELECT actor_role, action FROM audit_events WHERE entity_type = 'article' ORDER BY id`))
    t.same(actions.slice(0, 4), [
      { actor_role: 'contributor', action: 'article.create' },
      { actor_role: 'editor', action: 'article.create' },
      { actor_role: 'contributor', action: 'article.update' },
      { actor_role: 'editor', action: 'article.schedule' },
    ])
  })
})

t.test('effective status follows the window', async (t) => {
  const { effectiveStatus } = await import('../../src/domain/articles/effective-status.js')
  const at = new Date('2026-06-01T12:00:00Z')
  const before = new Date('2026-06-01T11:59:59Z')
  const after = new Date('2026-06-01T12:00:01Z')
  t.equal(effectiveStatus({ status: 'scheduled', publishAt: after, unpublishAt: null }, at), 'scheduled')
  t.equal(effectiveStatus({ status: 'scheduled', publishAt: at, unpublishAt: null }, at), 'published', 'live at its exact second')
  t.equal(effectiveStatus({ status: 'published', publishAt: before, unpublishAt: at }, at), 'unpublished', 'gone at its expiry second')
  t.equal(effectiveStatus({ status: 'published', publishAt: before, unpublishAt: after }, at), 'published')
  t.equal(effectiveStatus({ status: 'draft', publishAt: null, unpublishAt: null }, at), 'draft')
})

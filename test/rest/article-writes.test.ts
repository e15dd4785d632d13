import { sql } from 'drizzle-orm'
import t from 'tap'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients, row, type RestError } from './rest-client.js'

interface Article {
  id: string
  slug: string
  version: number
  headline: string
  status: string
  publishedAt: string | null
  unpublishAt: string | null
  section: { id: string } | null
  authors: { id: string }[]
  tags: { id: string }[]
}

const paragraph = (text: string) => ({ _type: 'block', children: [{ _type: 'span', text }] })

t.test('REST article writes', async (t) => {
  const { app, database } = await buildTestApp(t)
  const rest = await restClients(app, database)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'world' })
  const author = await f.author({ slug: 'author-one' })
  const tag = await f.tag({ slug: 'trade' })
  const articleRow = (id: string) => row(database, sql`SELECT version, headline, slug, status, deleted_at FROM articles WHERE id = ${id}::uuid`)
  const revisions = async (id: string) => Number((await row(database, sql`SELECT count(*)::int AS n FROM article_revisions WHERE article_id = ${id}::uuid`))?.n)

  t.test('POST /v1/articles creates a draft: 201, Location, ETag, the article as its author sees it', async (t) => {
    const response = await rest.contributor<Article>('POST', '/v1/articles', {
      body: {
        headline: 'Ports reopen after the strike',
        sectionId: section.id,
        body: [paragraph('Cranes moved again on Monday.')],
        authors: [{ authorId: author.id, role: 'Reporting by' }],
        tagIds: [tag.id],
      },
    })
    t.equal(response.status, 201)
    const article = response.body
    t.match(article, { slug: 'ports-reopen-after-the-strike', version: 1, status: 'DRAFT', section: { id: section.id }, authors: [{ id: author.id }], tags: [{ id: tag.id }] })
    t.equal(response.headers.location, `/v1/articles/${article.id}`)
    t.equal(response.headers.etag, '"v1"')
    t.equal(response.headers['cache-control'], 'private, no-store')
    t.match(await articleRow(article.id), { version: 1, headline: 'Ports reopen after the strike', status: 'draft' })
    t.equal(await revisions(article.id), 1)
    const located = await rest.preview<Article>('GET', `${response.headers.location!}?preview=true`)
    t.equal(located.body.id, article.id, 'Location points at the article')
  })

  t.test('writes without a token are 401, with too small a role 403, and change nothing', async (t) => {
    const before = Number((await row(database, sql`SELECT count(*)::int AS n FROM articles`))?.n)
    const anonymous = await rest.public<RestError>('POST', '/v1/articles', { body: { headline: 'Nope' } })
    t.equal(anonymous.status, 401)
    t.equal(anonymous.body.error.code, 'UNAUTHENTICATED')
    const preview = await rest.preview<RestError>('POST', '/v1/articles', { body: { headline: 'Nope' } })
    t.equal(preview.status, 403)
    t.equal(preview.body.error.code, 'FORBIDDEN')
    const badToken = await app.inject({ method: 'POST', url: '/v1/articles', headers: { authorization: 'Bearer not-a-real-token' }, payload: { headline: 'Nope' } })
    t.equal(badToken.statusCode, 401)
    t.equal(badToken.json<RestError>().error.code, 'UNAUTHENTICATED')
    t.equal(Number((await row(database, sql`SELECT count(*)::int AS n FROM articles`))?.n), before, 'no article was created')

    const live = await f.article({ slug: 'live-story', sectionId: section.id })
    const anonymousPatch = await rest.public<RestError>('PATCH', `/v1/articles/${live.id}`, { body: { headline: 'x' } })
    t.equal(anonymousPatch.status, 401, 'the public hears 401 before any If-Match question')
    const contributorDelete = await rest.contributor<RestError>('DELETE', `/v1/articles/${live.id}`, { ifMatch: '"v1"' })
    t.equal(contributorDelete.status, 403)
    const contributorEdit = await rest.contributor<RestError>('PATCH', `/v1/articles/${live.id}`, { ifMatch: '"v1"', body: { headline: 'x' } })
    t.equal(contributorEdit.status, 403, 'contributors may not edit published stories')
    const editorPurge = await rest.editor<RestError>('DELETE', `/v1/articles/${live.id}?purge=true`, { ifMatch: '"v1"' })
    t.equal(editorPurge.status, 403)
    t.match(await articleRow(live.id), { version: 1, deleted_at: null })
  })

  t.test('request validation: 400 BAD_USER_INPUT with the path of each bad value', async (t) => {
    const missing = await rest.editor<RestError>('POST', '/v1/articles', { body: { dek: 'No headline' } })
    t.equal(missing.status, 400)
    t.equal(missing.body.error.code, 'BAD_USER_INPUT')
    t.same(missing.body.error.problems?.map((p) => p.path), [['body', 'headline']])
    const several = await rest.editor<RestError>('POST', '/v1/articles', {
      body: { headline: '', slug: 'Not A Slug', authors: [{ authorId: 'nope' }], body: [{ _type: 'video' }] },
    })
    t.equal(several.status, 400)
    const paths = several.body.error.problems?.map((p) => p.path.join('.')) ?? []
    for (const path of ['body.headline', 'body.slug', 'body.authors.0.authorId']) t.ok(paths.includes(path), `names ${path}`)
    const unknownSection = await rest.editor<RestError>('POST', '/v1/articles', { body: { headline: 'x', sectionId: '00000000-0000-4000-8000-000000000001' } })
    t.equal(unknownSection.status, 400)
    t.same(unknownSection.body.error.problems, [{ path: ['body', 'sectionId'], message: 'is not a section (or it is in the trash)' }])
    const notJson = await app.inject({ method: 'POST', url: '/v1/articles', headers: { 'content-type': 'application/json' }, payload: '{"headline": ' })
    t.equal(notJson.statusCode, 400, 'malformed JSON is a 400, not a 500')
    const emptyPatch = await rest.editor<RestError>('PATCH', `/v1/articles/${(await f.article()).id}`, { ifMatch: '"v1"', body: {} })
    t.equal(emptyPatch.status, 400)
    t.same(emptyPatch.body.error.problems?.[0]?.path, ['body'])
  })

  t.test('PATCH needs If-Match: 428 without it, 412 when stale, and nothing changes', async (t) => {
    const story = await f.article({ slug: 'contested', headline: 'Original', status: 'draft' })
    const missing = await rest.editor<RestError>('PATCH', `/v1/articles/${story.id}`, { body: { headline: 'Lost' } })
    t.equal(missing.status, 428)
    t.equal(missing.body.error.code, 'PRECONDITION_REQUIRED')
    const malformed = await rest.editor<RestError>('PATCH', `/v1/articles/${story.id}`, { ifMatch: '*', body: { headline: 'Lost' } })
    t.equal(malformed.status, 400)
    t.same(malformed.body.error.problems?.[0]?.path, ['headers', 'if-match'])

    const saved = await rest.editor<Article>('PATCH', `/v1/articles/${story.id}`, { ifMatch: '"v1"', body: { headline: 'First save' } })
    t.equal(saved.status, 200)
    t.match(saved.body, { headline: 'First save', version: 2 })
    t.equal(saved.headers.etag, '"v2"')

    const stale = await rest.editor<RestError>('PATCH', `/v1/articles/${story.id}`, { ifMatch: '"v1"', body: { headline: 'Second save from old copy' } })
    t.equal(stale.status, 412)
    t.match(stale.body.error, { code: 'PRECONDITION_FAILED', currentVersion: 2, expectedVersion: 1 })
    t.match(await articleRow(story.id), { version: 2, headline: 'First save' }, 'the database kept the first save')
    t.equal(await revisions(story.id), 1, 'one revision: the first save’s (fixtures write none)')
    t.equal((await rest.editor('PATCH', `/v1/articles/${story.id}`, { body: { headline: 'x' } })).status, 428)
    t.match(await articleRow(story.id), { version: 2, headline: 'First save' })

    const graphql = await editorClients(app, database)
    const conflict = await graphql.editor(`mutation ($id: ID!) { updateArticle(id: $id, expectedVersion: 1, input: { headline: "x" }) { id } }`, { id: story.id })
    t.equal(conflict.errors?.[0]?.extensions.code, 'VERSION_CONFLICT', 'GraphQL keeps VERSION_CONFLICT')
    t.equal(conflict.status, 409)
  })

  t.test('workflow: publish, unpublish, delete to the trash, restore, purge', async (t) => {
    const created = await rest.editor<Article>('POST', '/v1/articles', { body: { headline: 'Workflow story', sectionId: section.id, body: [paragraph('Text.')] } })
    const id = created.body.id
    t.equal((await rest.public('GET', `/v1/articles/${id}`)).status, 404, 'a draft is not public')

    const noIfMatch = await rest.editor<RestError>('POST', `/v1/articles/${id}/publish`)
    t.equal(noIfMatch.status, 428)
    const published = await rest.editor<Article>('POST', `/v1/articles/${id}/publish`, { ifMatch: '"v1"' })
    t.equal(published.status, 200)
    t.match(published.body, { status: 'PUBLISHED', version: 2 })
    t.equal(published.headers.etag, '"v2"')
    t.equal((await rest.public<Article>('GET', `/v1/articles/${id}`)).body.status, 'PUBLISHED', 'now public')
    t.match(await articleRow(id), { status: 'published', version: 2 })

    const expiry = new Date(Date.now() + 86_400_000).toISOString()
    const expiring = await rest.editor<Article>('POST', `/v1/articles/${id}/unpublish`, { ifMatch: '"v2"', body: { at: expiry } })
    t.equal(expiring.status, 200)
    t.equal(expiring.body.unpublishAt, expiry)
    const unpublished = await rest.editor<Article>('POST', `/v1/articles/${id}/unpublish`, { ifMatch: '"v3"', body: {} })
    t.match(unpublished.body, { status: 'UNPUBLISHED', version: 4 })
    const badAt = await rest.editor<RestError>('POST', `/v1/articles/${id}/publish`, { ifMatch: '"v4"', body: { at: 'soon' } })
    t.equal(badAt.status, 400)
    t.same(badAt.body.error.problems?.[0]?.path, ['body', 'at'])

    const staleDelete = await rest.editor<RestError>('DELETE', `/v1/articles/${id}`, { ifMatch: '"v3"' })
    t.equal(staleDelete.status, 412)
    t.match(await articleRow(id), { deleted_at: null, version: 4 })
    const trashed = await rest.editor('DELETE', `/v1/articles/${id}`, { ifMatch: '"v4"' })
    t.equal(trashed.status, 204)
    t.equal(trashed.body, undefined)
    t.equal(trashed.headers.etag, '"v5"', 'the trashed version, for restore or purge')
    t.ok((await articleRow(id))?.deleted_at, 'in the trash')
    t.equal((await rest.editor('GET', `/v1/articles/${id}?preview=true`)).status, 404)

    const restored = await rest.editor<Article>('POST', `/v1/articles/${id}/restore`, { ifMatch: trashed.headers.etag! })
    t.equal(restored.status, 200)
    t.match(restored.body, { id, version: 6 })
    t.match(await articleRow(id), { deleted_at: null, version: 6 })

    const notTrashed = await rest.admin<RestError>('DELETE', `/v1/articles/${id}?purge=true`, { ifMatch: '"v6"' })
    t.equal(notTrashed.status, 400, 'only from the trash')
    t.same(notTrashed.body.error.problems?.[0]?.path, ['params', 'id'])
    const again = await rest.editor('DELETE', `/v1/articles/${id}`, { ifMatch: '"v6"' })
    const purged = await rest.admin('DELETE', `/v1/articles/${id}?purge=true`, { ifMatch: again.headers.etag! })
    t.equal(purged.status, 204)
    t.equal(await articleRow(id), undefined, 'gone for good')
    t.equal((await rest.admin<RestError>('DELETE', `/v1/articles/${id}`, { ifMatch: '"v7"' })).status, 404)
  })

  t.test('restoring a revision brings its content back as a new version', async (t) => {
    const created = await rest.editor<Article>('POST', '/v1/articles', { body: { headline: 'First headline' } })
    const id = created.body.id
    await rest.editor('PATCH', `/v1/articles/${id}`, { ifMatch: '"v1"', body: { headline: 'Second headline' } })
    const restored = await rest.editor<Article>('POST', `/v1/articles/${id}/revisions/1/restore`, { ifMatch: '"v2"' })
    t.equal(restored.status, 200)
    t.match(restored.body, { headline: 'First headline', version: 3 })
    t.match(await articleRow(id), { headline: 'First headline', version: 3 })
    t.equal(await revisions(id), 3)
    const missing = await rest.editor<RestError>('POST', `/v1/articles/${id}/revisions/9/restore`, { ifMatch: '"v3"' })
    t.equal(missing.status, 404)
    const stale = await rest.editor<RestError>('POST', `/v1/articles/${id}/revisions/1/restore`, { ifMatch: '"v2"' })
    t.equal(stale.status, 412)
  })

  t.test('related links: add, change, remove; each bumps the article', async (t) => {
    const host = await f.article({ slug: 'link-host', status: 'draft' })
    const target = await f.article({ slug: 'link-target' })
    const links = async () =>
      resultRows(await database.db.execute(sql`SELECT position, target_article_id, url, headline FROM related_links WHERE article_id = ${host.id}::uuid ORDER BY position`))

    const added = await rest.contributor<Article>('POST', `/v1/articles/${host.id}/related-links`, { ifMatch: '"v1"', body: { link: { articleId: target.id } } })
    t.equal(added.status, 200)
    t.match(added.body, { id: host.id, version: 2 })
    t.equal(added.headers.etag, '"v2"')
    const external = await rest.contributor<Article>('POST', `/v1/articles/${host.id}/related-links`, {
      ifMatch: '"v2"',
      body: { link: { url: 'https://example.org/a', headline: 'Outside' }, position: 0 },
    })
    t.equal(external.body.version, 3)
    t.match(await links(), [{ position: 0, url: 'https://example.org/a' }, { position: 1, target_article_id: target.id }])

    const changed = await rest.contributor<Article>('PATCH', `/v1/articles/${host.id}/related-links/0`, { ifMatch: '"v3"', body: { url: 'https://example.org/b', headline: 'Changed' } })
    t.equal(changed.status, 200)
    t.match(await links(), [{ position: 0, url: 'https://example.org/b', headline: 'Changed' }, { position: 1 }])
    const pastEnd = await rest.contributor<RestError>('DELETE', `/v1/articles/${host.id}/related-links/5`, { ifMatch: '"v4"' })
    t.equal(pastEnd.status, 400)
    t.same(pastEnd.body.error.problems?.[0]?.path, ['params', 'position'])
    const stale = await rest.contributor<RestError>('DELETE', `/v1/articles/${host.id}/related-links/0`, { ifMatch: '"v3"' })
    t.equal(stale.status, 412)
    t.equal((await links()).length, 2, 'nothing removed')
    const removed = await rest.contributor<Article>('DELETE', `/v1/articles/${host.id}/related-links/0`, { ifMatch: '"v4"' })
    t.equal(removed.status, 200)
    t.equal(removed.body.version, 5)
    t.match(await links(), [{ position: 0, target_article_id: target.id }])
    const badLink = await rest.contributor<RestError>('POST', `/v1/articles/${host.id}/related-links`, { ifMatch: '"v5"', body: { link: { url: 'ftp://x' } } })
    t.equal(badLink.status, 400)
    t.equal(badLink.body.error.problems?.[0]?.path[0], 'body')
    const position = await rest.contributor<RestError>('PATCH', `/v1/articles/${host.id}/related-links/20`, { ifMatch: '"v5"', body: { articleId: target.id } })
    t.equal(position.status, 400)
    t.same(position.body.error.problems?.[0]?.path, ['params', 'position'])
  })
})

t.test('a browser editor on a configured origin may read the ETag it sends back in If-Match', async (t) => {
  const { app } = await buildTestApp(t, { CORS_ORIGINS: 'https://editor.example' })
  const read = await app.inject({ url: '/v1/site', headers: { origin: 'https://editor.example' } })
  t.equal(read.headers['access-control-allow-origin'], 'https://editor.example')
  t.match(read.headers['access-control-expose-headers'], /ETag/)
  t.test('and may PATCH and DELETE', async (t) => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/v1/site',
      headers: { origin: 'https://editor.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, if-match, content-type' },
    })
    t.equal(preflight.statusCode, 204)
    t.match(preflight.headers['access-control-allow-methods'], /PATCH/)
    t.match(preflight.headers['access-control-allow-methods'], /DELETE/)
  })
})

import { eq, sql } from 'drizzle-orm'
import t from 'tap'
import type { Tx } from '../../src/db/database.js'
import { articleTags } from '../../src/db/tables/article-tags.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { mutateArticle } from '../../src/domain/articles/article-mutation.js'
import { replaceRelations } from '../../src/domain/articles/article-store.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

t.test('audit log, tokens over GraphQL, and all-or-nothing writes', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)

  t.test('admins manage tokens; a revoked token stops working at once', async (t) => {
    const created = await as.admin<{ createApiToken: { token: string; apiToken: { id: string; role: string; prefix: string } } }>(
      `mutation { createApiToken(input: { name: "desk", role: EDITOR }) { token apiToken { id role prefix } } }`,
    )
    const { token, apiToken } = created.data.createApiToken
    t.match(token, /^mh_[A-Za-z0-9_-]{43}$/)
    t.equal(apiToken.role, 'EDITOR')
    t.ok(token.startsWith(apiToken.prefix))
    const use = (bearer: string) =>
      app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${bearer}` }, payload: { query: 'mutation { createTag(input: { name: "From desk" }) { slug } }' } })
    t.equal((await use(token)).statusCode, 200)
    const list = await as.admin<{ apiTokens: { prefix: string }[] }>('{ apiTokens { prefix } }')
    t.ok(list.data.apiTokens.some((row) => row.prefix === apiToken.prefix))
    t.notMatch(JSON.stringify(list), token, 'secrets are never listed')
    await as.admin(`mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: apiToken.id })
    const refused = await use(token)
    t.equal(refused.statusCode, 401)
    t.equal((await as.editor('{ apiTokens { id } }')).errors?.[0]?.extensions.code, 'FORBIDDEN')
  })

  t.test('the audit log answers who did what, filtered', async (t) => {
    const tag = await as.contributor<{ createTag: { id: string } }>('mutation { createTag(input: { name: "Audited" }) { id } }')
    await as.contributor(`mutation ($id: ID!) { updateTag(id: $id, expectedVersion: 1, input: { name: "Audited twice" }) { id } }`, { id: tag.data.createTag.id })
    const events = await as.admin<{ auditEvents: { action: string; actorRole: string; entityId: string; details: { version: number } }[] }>(
      `query ($id: ID!) { auditEvents(entityType: "tag", entityId: $id) { action actorRole entityId details } }`,
      { id: tag.data.createTag.id },
    )
    t.same(events.data.auditEvents.map((e) => [e.action, e.actorRole, e.details.version]), [['tag.update', 'contributor', 2], ['tag.create', 'contributor', 1]])
    const byAction = await as.admin<{ auditEvents: { action: string }[] }>('{ auditEvents(action: "token.revoke") { action } }')
    t.same(byAction.data.auditEvents, [{ action: 'token.revoke' }])
    const future = await as.admin<{ auditEvents: unknown[] }>(`{ auditEvents(since: "${new Date(Date.now() + 60_000).toISOString()}") { action } }`)
    t.same(future.data.auditEvents, [])
    t.equal((await as.editor('{ auditEvents { action } }')).errors?.[0]?.extensions.code, 'FORBIDDEN', 'admins only')
    t.equal((await as.public('{ auditEvents { action } }')).errors?.[0]?.extensions.code, 'UNAUTHENTICATED')
  })

  t.test('a write that fails midway leaves nothing behind', async (t) => {
    const [first, second] = [await f.tag(), await f.tag()]
    const article = await f.article({ slug: 'atomic', tagIds: [first.id] })
    const state = async () => ({
      version: resultRows(await database.db.execute(sql`SELECT version FROM articles WHERE id = ${article.id}::uuid`))[0]?.version,
      tags: (await database.db.select({ tagId: articleTags.tagId }).from(articleTags).where(eq(articleTags.articleId, article.id))).map((r) => r.tagId),
      revisions: resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM article_revisions WHERE article_id = ${article.id}::uuid`))[0]?.n,
    })
    const before = await state()
    const context = { db: database.db, principal: { kind: 'token' as const, id: null, name: 'test', role: 'admin' as const }, now: new Date() }
    await t.rejects(
      mutateArticle(context, article.id, 1, {
        action: 'article.update',
        role: 'editor',
        doing: 'Testing',
        apply: async (tx: Tx) => {
          await replaceRelations(tx, article.id, { tagIds: [second.id] })
          throw new Error('the disk is on fire')
        },
      }),
      /on fire/,
    )
    t.same(await state(), before, 'relations, version and revisions as they were')
    t.same(before.tags, [first.id])
  })
})

import { sql } from 'drizzle-orm'
import t from 'tap'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version headline } }`

t.test('50 editors saving the same version at once: exactly one wins, nothing is lost silently', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const article = await fixtures(database.db).article({ slug: 'contested', status: 'draft' })

  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => as.editor<{ updateArticle: { version: number; headline: string } | null }>(UPDATE, { id: article.id, v: 1, input: { headline: `Save number ${i}` } })),
  )
  const winners = responses.filter((r) => r.status === 200 && r.data.updateArticle)
  const conflicts = responses.filter((r) => r.errors?.[0]?.extensions.code === 'VERSION_CONFLICT')
  t.equal(winners.length, 1, 'exactly one save succeeds')
  t.equal(conflicts.length, 49, 'every other save is told it conflicts')
  t.ok(conflicts.every((r) => r.status === 409 && r.errors?.[0]?.extensions.currentVersion === 2), 'each conflict reports the current version')

  const [row] = resultRows(await database.db.execute(sql`SELECT version, headline FROM articles WHERE id = ${article.id}::uuid`))
  t.same(row, { version: 2, headline: winners[0]?.data.updateArticle?.headline }, "the stored article is the winner's")
  const revisions = resultRows(await database.db.execute(sql`SELECT number FROM article_revisions WHERE article_id = ${article.id}::uuid`))
  t.same(revisions, [{ number: 2 }], 'one revision, for the one write')
  t.comment(`on ${database.kind}`)
})

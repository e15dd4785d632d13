import { sql } from 'drizzle-orm'
import t from 'tap'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

// The W4 editor step (a save of one field with its revision, audit entry, outbox event and purge
// notification), counted as the app sends it: the token check included, and BEGIN and COMMIT
// where the driver sends them as statements (node-postgres; PGlite's count is 2 lower). It was 16,
// then 10, then 7; the lists now come with the lock, the row back with the UPDATE, and the
// revision, whose insert reads the relations itself, with the audit entry.
const EDIT_BUDGET = 6
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }`

t.test('an edit of one field stays within its statement budget, and still writes everything', async (t) => {
  const { app, database, countStatements } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'city' })
  const author = await f.author({ slug: 'ada' })
  const tag = await f.tag({ slug: 'transport' })
  const story = await f.article({ status: 'published', sectionId: section.id, slug: 'budget-story', authors: [{ id: author.id }], tagIds: [tag.id] })

  const edit = await countStatements(() => as.editor<{ updateArticle: { version: number } }>(UPDATE, { id: story.id, v: story.version, input: { dek: 'A new dek' } }))
  t.equal(edit.result.data.updateArticle.version, story.version + 1)
  t.ok(edit.statements <= EDIT_BUDGET, `${edit.statements} statements (budget ${EDIT_BUDGET})`)

  const [row] = resultRows(await database.db.execute(sql`
    SELECT (SELECT dek FROM articles WHERE id = ${story.id}::uuid) AS dek,
      (SELECT snapshot FROM article_revisions WHERE article_id = ${story.id}::uuid AND number = ${story.version + 1}) AS snapshot,
      (SELECT count(*)::int FROM audit_events WHERE entity_id = ${story.id} AND action = 'article.update') AS audited`))
  const snapshot = (typeof row?.snapshot === 'string' ? JSON.parse(row.snapshot) : row?.snapshot) as { dek: string; authors: { authorId: string }[]; tagIds: string[] }
  t.equal(row?.dek, 'A new dek', 'the change is stored')
  t.match(snapshot, { dek: 'A new dek', authors: [{ authorId: author.id }], tagIds: [tag.id] }, 'with a revision holding its relations')
  t.equal(row?.audited, 1, 'and an audit entry')

  // Naming relations costs more: they are checked, replaced, and the lists are read again.
  const relations = { authors: [{ authorId: author.id }], tagIds: [tag.id], sectionId: section.id }
  const withRelations = await countStatements(() => as.editor(UPDATE, { id: story.id, v: story.version + 1, input: { dek: 'Again', ...relations } }))
  t.ok(withRelations.statements > edit.statements, `${withRelations.statements} statements when relations are named`)
})

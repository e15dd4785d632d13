import t from 'tap'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id slug version } }`
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version headline tags { slug } } }`
const RESTORE = `mutation ($id: ID!, $r: Int!, $v: Int!) { restoreArticleRevision(id: $id, revision: $r, expectedVersion: $v) { version headline dek tags { slug } } }`
const REVISIONS = `query ($id: ID!) { articleRevisions(articleId: $id) { number actorName message } }`
const COMPARE = `query ($id: ID!, $a: Int!, $b: Int!) { compareArticleRevisions(articleId: $id, from: $a, to: $b) { field before after } }`

t.test('revisions, comparison and restore', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const [energy, climate] = [await f.tag({ slug: 'energy' }), await f.tag({ slug: 'climate' })]
  const created = await as.contributor<{ createArticle: { id: string } }>(CREATE, { input: { headline: 'First headline', dek: 'First dek', tagIds: [energy.id] } })
  const id = created.data.createArticle.id
  await as.contributor(UPDATE, { id, v: 1, input: { headline: 'Second headline', tagIds: [energy.id, climate.id], revisionMessage: 'sharper' } })
  await as.contributor(UPDATE, { id, v: 2, input: { dek: 'Second dek' } })

  const list = await as.preview<{ articleRevisions: { number: number; actorName: string; message: string | null }[] }>(REVISIONS, { id })
  t.same(list.data.articleRevisions.map((r) => [r.number, r.message]), [[3, null], [2, 'sharper'], [1, 'Created']])
  t.equal(list.data.articleRevisions[0]?.actorName, 'contributor test')

  const diff = await as.preview<{ compareArticleRevisions: { field: string; before: unknown; after: unknown }[] }>(COMPARE, { id, a: 1, b: 3 })
  t.same(diff.data.compareArticleRevisions, [
    { field: 'dek', before: 'First dek', after: 'Second dek' },
    { field: 'headline', before: 'First headline', after: 'Second headline' },
    { field: 'tagIds', before: [energy.id], after: [energy.id, climate.id] },
  ])

  const restored = await as.contributor<{ restoreArticleRevision: { version: number; headline: string; dek: string; tags: { slug: string }[] } }>(RESTORE, { id, r: 1, v: 3 })
  t.same(restored.data.restoreArticleRevision, { version: 4, headline: 'First headline', dek: 'First dek', tags: [{ slug: 'energy' }] }, 'content and relations come back')
  const after = await as.preview<{ articleRevisions: { number: number; message: string }[] }>(REVISIONS, { id })
  t.same(after.data.articleRevisions[0], { number: 4, actorName: 'contributor test', message: 'Restored revision 1' }, 'as a new revision; history kept')

  const stale = await as.contributor(RESTORE, { id, r: 2, v: 3 })
  t.equal(stale.errors?.[0]?.extensions.code, 'VERSION_CONFLICT')
  const missing = await as.preview(COMPARE, { id, a: 1, b: 99 })
  t.equal(missing.errors?.[0]?.extensions.code, 'NOT_FOUND')
  const anonymous = await as.public(REVISIONS, { id })
  t.equal(anonymous.status, 401)
  t.equal(anonymous.errors?.[0]?.extensions.code, 'UNAUTHENTICATED')
})

t.test('preview shows the latest saved state to preview tokens only', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'world' })
  await f.article({ slug: 'draft-story', status: 'draft', headline: 'Not yet', sectionId: section.id })
  await f.article({ slug: 'live-story', headline: 'Live', sectionId: section.id })
  const ARTICLE = `query ($slug: String!, $preview: Boolean) { article(slug: $slug, preview: $preview) { slug headline status } }`
  const PAGE = `query ($slug: String!, $preview: Boolean, $at: DateTime) { articlePage(slug: $slug, preview: $preview, at: $at) { at article { slug status } } }`

  t.equal((await as.public<{ article: null }>(ARTICLE, { slug: 'draft-story' })).data.article, null)
  for (const role of ['preview', 'contributor', 'editor', 'admin'] as const) {
    const response = await as[role]<{ article: { headline: string; status: string } }>(ARTICLE, { slug: 'draft-story', preview: true })
    t.same(response.data.article, { slug: 'draft-story', headline: 'Not yet', status: 'DRAFT' }, `${role} previews the draft`)
  }
  const refused = await as.public<{ article: null }>(ARTICLE, { slug: 'draft-story', preview: true })
  t.equal(refused.data.article, null, 'nothing of the draft')
  t.equal(refused.errors?.[0]?.extensions.code, 'UNAUTHENTICATED', 'and a clear refusal (a partial response: the field is nullable)')
  const refusedPage = await as.public(PAGE, { slug: 'draft-story', preview: true })
  t.equal(refusedPage.status, 401, 'a page that cannot be composed at all is a 401')
  t.equal((await as.editor<{ article: null }>(ARTICLE, { slug: 'draft-story' })).data.article, null, 'without preview: true a token reads like the public')

  const page = await as.preview<{ articlePage: { article: { status: string } } }>(PAGE, { slug: 'draft-story', preview: true })
  t.equal(page.data.articlePage.article.status, 'DRAFT', 'a whole page around a draft')
  const past = new Date(Date.now() - 7 * 86_400_000).toISOString()
  const travelled = await as.preview<{ articlePage: { at: string } }>(PAGE, { slug: 'draft-story', preview: true, at: past })
  t.equal(travelled.data.articlePage.at, past, 'preview tokens may move `at`')
  const publicTravel = await as.public(PAGE, { slug: 'live-story', at: past })
  t.equal(publicTravel.errors?.[0]?.extensions.code, 'FORBIDDEN')
  const byId = await as.public<{ article: null }>('query ($id: ID!) { article(id: $id) { slug } }', { id: '00000000-0000-4000-8000-000000000000' })
  t.equal(byId.data.article, null)
})

t.test('validation lists every bad field with its path', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const response = await as.editor(CREATE, {
    input: {
      headline: '   ',
      slug: 'Bad Slug',
      sectionId: 'not-a-uuid',
      authors: [{ authorId: '00000000-0000-4000-8000-000000000001' }],
      related: [{ url: 'javascript:alert(1)', headline: 'x' }],
      body: [{ _type: 'block', children: [{ _type: 'span', text: 'hi', marks: ['l1'] }], markDefs: [{ _type: 'link', _key: 'l1', href: 'javascript:alert(1)' }] }],
    },
  })
  t.equal(response.status, 400)
  t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
  const paths = (response.errors?.[0]?.extensions.problems as { path: (string | number)[] }[]).map((p) => p.path.join('.'))
  for (const path of ['slug', 'headline', 'sectionId', 'body.0.markDefs.0.href', 'related.0']) {
    t.ok(paths.some((p) => p.startsWith(path)), `names ${path} (got ${paths.join(', ')})`)
  }

  const unknownRefs = await as.editor(CREATE, { input: { headline: 'Fine', authors: [{ authorId: '00000000-0000-4000-8000-000000000001' }], tagIds: ['00000000-0000-4000-8000-000000000002'] } })
  t.same((unknownRefs.errors?.[0]?.extensions.problems as { path: unknown[] }[]).map((p) => p.path), [['input', 'authors', 0, 'authorId'], ['input', 'tagIds', 0]])
  const empty = await as.editor(`mutation ($id: ID!) { updateArticle(id: $id, expectedVersion: 1, input: {}) { id } }`, { id: '00000000-0000-4000-8000-000000000003' })
  t.match(empty.errors?.[0]?.message, /nothing to change/)
  const noSuch = await as.editor(`mutation ($id: ID!) { updateArticle(id: $id, expectedVersion: 1, input: { dek: "x" }) { id } }`, { id: '00000000-0000-4000-8000-000000000003' })
  t.equal(noSuch.errors?.[0]?.extensions.code, 'NOT_FOUND')
  const badId = await as.editor(`mutation { updateArticle(id: "nope", expectedVersion: 0, input: { dek: "x" }) { id } }`)
  t.same((badId.errors?.[0]?.extensions.problems as { path: string[] }[]).map((p) => p.path.join('.')), ['id', 'expectedVersion'])
})

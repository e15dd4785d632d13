import t from 'tap'
import { editorClients } from '../../helpers/editor-client.js'
import { fixtures } from '../../helpers/fixtures.js'
import { buildTestApp } from '../../helpers/test-app.js'
import { richBody, servedArticleRenditions, servedPromoRenditions, storedArticleRenditions, storedPromoRenditions } from './renditions-kit.js'

const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id version } }`
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }`
const RESTORE = `mutation ($id: ID!, $r: Int!, $v: Int!) { restoreArticleRevision(id: $id, revision: $r, expectedVersion: $v) { version } }`
const CREATE_PROMO = `mutation ($input: PromoInput!) { createPromo(input: $input) { id version } }`
const UPDATE_PROMO = `mutation ($id: ID!, $v: Int!, $input: PromoInput!) { updatePromo(id: $id, expectedVersion: $v, input: $input) { version } }`

t.test('every write of an article body stores the renditions the API serves', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const photo = await f.media({ alt: 'The harbour at dawn', caption: 'Boats at rest', creditCreator: 'Ana Lima', creditProvider: 'Tidewater' })
  const other = await f.media({ alt: 'The council chamber', creditLine: 'REUTERS/Jo Bloggs' })
  const trashed = await f.media({ alt: 'Withdrawn photo', deletedAt: new Date() })

  const matches = async (id: string, what: string) => {
    const stored = (await storedArticleRenditions(database.db, [id])).get(id)
    const served = await servedArticleRenditions(as.preview, id)
    t.same(stored, served, `${what}: stored HTML, excerpt and word count equal what the API renders`)
    return served
  }

  const created = await as.editor<{ createArticle: { id: string } }>(CREATE, { input: { headline: 'Harbour plan', body: richBody(photo.id) } })
  const id = created.data.createArticle.id
  const first = await matches(id, 'create')
  t.match(first.html, /<figure><img src="https:\/\/img\.example\/[^"]+" alt="The harbour at dawn" width="1600" height="900" loading="lazy"><figcaption>Boats at rest <span class="credit">Ana Lima\/Tidewater<\/span><\/figcaption><\/figure>/, 'the image is rendered with its credit')
  t.match(first.excerpt, /^The council met on Tuesday night/, 'the excerpt is the opening paragraphs')

  await as.editor(UPDATE, { id, v: 1, input: { dek: 'Not the body' } })
  await matches(id, 'an update that leaves the body alone')
  await as.editor(UPDATE, { id, v: 2, input: { body: richBody(other.id, 'A new opening, longer than the first one, about the vote.') } })
  const updated = await matches(id, 'an update of the body')
  t.match(updated.html, /REUTERS\/Jo Bloggs/)
  t.notMatch(updated.html, /harbour at dawn/)

  await as.editor(RESTORE, { id, r: 1, v: 3 })
  const restored = await matches(id, 'a restored revision')
  t.equal(restored.html, first.html, 'the restored body renders as it did')

  const withTrashed = await as.editor<{ createArticle: { id: string } }>(CREATE, { input: { headline: 'Withdrawn', body: richBody(trashed.id) } })
  const hidden = await matches(withTrashed.data.createArticle.id, 'a body embedding a trashed image')
  t.notMatch(hidden.html, /<img/, 'a trashed image renders nothing')

  const empty = await as.editor<{ createArticle: { id: string } }>(CREATE, { input: { headline: 'No body yet' } })
  t.same(await matches(empty.data.createArticle.id, 'an empty body'), { html: '', excerpt: '', wordCount: 0 })
})

t.test('promo bodies are stored with the HTML and text the API serves', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const photo = await fixtures(database.db).media({ alt: 'Our newsroom', caption: 'The desk' })
  const created = await as.editor<{ createPromo: { id: string } }>(CREATE_PROMO, { input: { kind: 'APPEAL', placement: 'END', title: 'Support us', body: richBody(photo.id) } })
  const id = created.data.createPromo.id
  const matches = async (what: string) => t.same((await storedPromoRenditions(database.db, [id])).get(id), await servedPromoRenditions(as.preview, id), what)
  await matches('create')
  t.match((await storedPromoRenditions(database.db, [id])).get(id)?.html, /alt="Our newsroom"/)
  await as.editor(UPDATE_PROMO, { id, v: 1, input: { title: 'Not the body' } })
  await matches('an update that leaves the body alone')
  await as.editor(UPDATE_PROMO, { id, v: 2, input: { body: [{ _type: 'block', style: 'normal', markDefs: [], children: [{ _type: 'span', text: 'Give today.', marks: [] }] }] } })
  await matches('an update of the body')
  t.same((await storedPromoRenditions(database.db, [id])).get(id), { html: '<p>Give today.</p>', text: 'Give today.' })
  const bare = await as.editor<{ createPromo: { id: string } }>(CREATE_PROMO, { input: { kind: 'CTA', placement: 'TOP', title: 'No body' } })
  t.same((await storedPromoRenditions(database.db, [bare.data.createPromo.id])).get(bare.data.createPromo.id), { html: '', text: '' }, 'a promo created without a body')
})

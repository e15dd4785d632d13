import { sql } from 'drizzle-orm'
import t from 'tap'
import { recordChange } from '../../src/domain/audit/record-change.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { count, rows, SECRETS_KEY } from './webhook-test-kit.js'

const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`
const ARTICLE = 'id slug version'
const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { ${ARTICLE} } }`
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { ${ARTICLE} } }`
const PUBLISH = `mutation ($id: ID!, $v: Int!, $at: DateTime) { publishArticle(id: $id, expectedVersion: $v, at: $at) { ${ARTICLE} } }`

const paragraphs = (...texts: string[]) => texts.map((text, i) => ({ _type: 'block', _key: `p${i}`, style: 'normal', markDefs: [], children: [{ _type: 'span', text, marks: [] }] }))

interface Payload {
  type: string
  timestamp: string
  data: { id: string; type: string; version: number; slug?: string; actor: { name: string; role: string } }
  surrogateKeys: string[]
}

t.test('content changes write their events, and deliveries, in their own transaction', async (t) => {
  const { app, database, countStatements } = await buildTestApp(t, { SECRETS_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' })
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const db = database.db

  const endpoint = async (input: Record<string, unknown>) =>
    (await as.admin<{ createWebhookEndpoint: { endpoint: { id: string } } }>(CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/hooks', ...input } })).data
      .createWebhookEndpoint.endpoint.id
  const everything = await endpoint({ description: 'all events' })
  const publishedOnly = await endpoint({ eventTypes: ['article.published'] })
  const sectionsOnly = await endpoint({ eventTypes: ['section.*'] })
  const disabled = await endpoint({ enabled: false })

  /** The newest events first, with the endpoints each one was fanned out to. */
  const events = async (where = sql`true`) =>
    (
      await rows(
        db,
        sql`SELECT e.id, e.type, e.body, coalesce(json_agg(d.endpoint_id) FILTER (WHERE d.id IS NOT NULL), '[]') AS endpoints
            FROM webhook_events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id WHERE ${where}
            GROUP BY e.id ORDER BY e.created_at DESC, e.type`,
      )
    ).map((row) => ({
      type: row.type as string,
      payload: JSON.parse(row.body as string) as Payload,
      endpoints: (typeof row.endpoints === 'string' ? (JSON.parse(row.endpoints) as string[]) : (row.endpoints as string[])).sort(),
    }))

  const region = await f.section({ slug: 'europe' })
  const country = await f.section({ slug: 'france', parentId: region.id })
  const elsewhere = await f.section({ slug: 'business' })
  const author = await f.author({ slug: 'ines' })
  const otherAuthor = await f.author({ slug: 'marc' })
  const tag = await f.tag({ slug: 'energy' })

  const created = await as.contributor<{ createArticle: { id: string; slug: string; version: number } }>(CREATE, {
    input: { headline: 'Gas storage', sectionId: country.id, body: paragraphs('Storage is full.'), authors: [{ authorId: author.id }], tagIds: [tag.id] },
  })
  const article = created.data.createArticle

  t.test('a publish writes article.published, fanned out to the endpoints that want it', async (t) => {
    const response = await as.editor<{ publishArticle: { version: number } }>(PUBLISH, { id: article.id, v: 1 })
    t.equal(response.data.publishArticle.version, 2)
    const [published] = await events(sql`e.type = 'article.published'`)
    t.ok(published, 'the event is in the outbox')
    t.same(published?.endpoints, [everything, publishedOnly].sort(), 'all-events and article.published; not section.* nor the disabled one')
    const payload = published!.payload
    t.match(payload, {
      type: 'article.published',
      data: { id: article.id, type: 'article', version: 2, slug: 'gas-storage', actor: { name: 'editor test', role: 'editor' } },
    })
    t.ok(Math.abs(Date.parse(payload.timestamp) - Date.now()) < 60_000, 'an ISO timestamp of now')
    t.same(
      [...payload.surrogateKeys].sort(),
      [
        `article:${article.id}`,
        'articles',
        'articles:latest',
        `section:${country.id}:articles`,
        `section:${region.id}:articles`,
        `author:${author.id}:articles`,
        `tag:${tag.id}:articles`,
      ].sort(),
      'the article, every list it is in, and the lists of the sections above its own',
    )
    t.equal(await count(db, 'webhook_deliveries', sql`status = 'pending' AND attempt_count = 0`), await count(db, 'webhook_deliveries'), 'waiting for a worker')
    const [createdEvent] = await events(sql`e.type = 'article.created'`)
    t.same(createdEvent?.endpoints, [everything], 'the create went to the all-events endpoint only')
  })

  t.test('a write that fails writes no event', async (t) => {
    const [eventsBefore, deliveriesBefore] = [await count(db, 'webhook_events'), await count(db, 'webhook_deliveries')]
    const stale = await as.editor(PUBLISH, { id: article.id, v: 1 })
    t.equal(stale.errors?.[0]?.extensions.code, 'VERSION_CONFLICT')
    const invalid = await as.editor(UPDATE, { id: article.id, v: 2, input: { sectionId: '00000000-0000-4000-8000-000000000000' } })
    t.equal(invalid.errors?.[0]?.extensions.code, 'BAD_USER_INPUT')
    t.equal(await count(db, 'webhook_events'), eventsBefore)
    t.equal(await count(db, 'webhook_deliveries'), deliveriesBefore)

    // The hook itself: what it writes is rolled back with the transaction it was given.
    const failed = db.transaction(async (tx) => {
      await recordChange(tx, { actorId: null, actorName: 'test', actorRole: 'admin' }, { action: 'site.update', entity: { type: 'site', id: '1', version: 9 }, surrogateKeys: ['site'], at: new Date() })
      t.equal(await count(tx, 'webhook_events', sql`type = 'site.updated'`), 1, 'visible inside the transaction')
      throw new Error('the write fails after recording')
    })
    await t.rejects(failed, /fails after recording/)
    t.equal(await count(db, 'webhook_events'), eventsBefore, 'rolled back: no event')
    t.equal(await count(db, 'audit_events', sql`action = 'site.update'`), 0, 'and no audit entry')
  })

  t.test('a move purges the lists the article left as well as those it joined', async (t) => {
    const moved = await as.editor<{ updateArticle: { version: number } }>(UPDATE, { id: article.id, v: 2, input: { sectionId: elsewhere.id, authors: [{ authorId: otherAuthor.id }], tagIds: [] } })
    t.equal(moved.data.updateArticle.version, 3)
    const [updated] = await events(sql`e.type = 'article.updated'`)
    const keys = updated!.payload.surrogateKeys
    for (const key of [`section:${country.id}:articles`, `section:${region.id}:articles`, `section:${elsewhere.id}:articles`, `author:${author.id}:articles`, `author:${otherAuthor.id}:articles`, `tag:${tag.id}:articles`]) {
      t.ok(keys.includes(key), key)
    }
    t.equal(new Set(keys).size, keys.length, 'no key twice')
  })

  t.test('every content write has its event type; token changes have none', async (t) => {
    const typesBefore = await count(db, 'webhook_events')
    const section = await as.editor<{ updateSection: { version: number } }>(
      `mutation ($id: ID!, $parent: ID!) { updateSection(id: $id, expectedVersion: 1, input: { parentId: $parent }) { version } }`,
      { id: country.id, parent: elsewhere.id },
    )
    t.equal(section.data.updateSection.version, 2)
    const media = await as.contributor<{ createMedia: { id: string } }>(`mutation { createMedia(input: { url: "https://img.example/a.jpg", mimeType: "image/jpeg", alt: "Cranes" }) { id } }`)
    const promo = await as.editor<{ createPromo: { id: string } }>(`mutation { createPromo(input: { kind: APPEAL, placement: END, title: "Support us" }) { id } }`)
    await as.editor(`mutation ($id: ID!) { deletePromo(id: $id, expectedVersion: 1) { id } }`, { id: promo.data.createPromo.id })
    await as.admin(`mutation { updateSiteSettings(expectedVersion: 0, input: { name: "The Ledger" }) { version } }`)
    const scheduled = await as.editor<{ publishArticle: { version: number } }>(PUBLISH, { id: article.id, v: 3, at: new Date(Date.now() + 86_400_000).toISOString() })
    await as.editor(`mutation ($id: ID!, $v: Int!) { deleteArticle(id: $id, expectedVersion: $v) { id } }`, { id: article.id, v: scheduled.data.publishArticle.version })
    await as.editor(`mutation ($id: ID!, $v: Int!) { restoreArticle(id: $id, expectedVersion: $v) { id } }`, { id: article.id, v: 5 })
    await as.editor(`mutation ($id: ID!, $v: Int!) { deleteArticle(id: $id, expectedVersion: $v) { id } }`, { id: article.id, v: 6 })
    await as.admin(`mutation ($id: ID!, $v: Int!) { purgeArticle(id: $id, expectedVersion: $v) }`, { id: article.id, v: 7 })
    await as.admin(`mutation { createApiToken(input: { name: "frontend", role: PREVIEW }) { token } }`)

    const all = (await events()).slice(0, (await count(db, 'webhook_events')) - typesBefore)
    t.same(
      all.map((event) => event.type).sort(),
      ['section.updated', 'media.created', 'promo.created', 'promo.trashed', 'site.updated', 'article.scheduled', 'article.trashed', 'article.restored', 'article.trashed', 'article.purged'].sort(),
    )
    const byType = (type: string) => all.find((event) => event.type === type)!
    t.same(byType('section.updated').endpoints, [everything, sectionsOnly].sort(), 'section.* matches section events')
    t.same(
      [...byType('section.updated').payload.surrogateKeys].sort(),
      [`section:${country.id}`, 'sections', `section:${region.id}:articles`, `section:${elsewhere.id}:articles`].sort(),
      'a section moved in the tree purges the article lists of its old and new parents',
    )
    t.same(byType('media.created').payload.surrogateKeys, [`media:${media.data.createMedia.id}`])
    t.same(byType('promo.trashed').payload.surrogateKeys, [`promo:${promo.data.createPromo.id}`, 'promos'])
    t.match(byType('promo.trashed').payload.data, { id: promo.data.createPromo.id, type: 'promo', version: 2 })
    t.notOk('slug' in byType('promo.trashed').payload.data, 'promos have no slug')
    t.same(byType('site.updated').payload.surrogateKeys, ['site'])
    t.match(byType('article.purged').payload, { data: { id: article.id, slug: 'gas-storage', version: 7 } })
    t.ok(byType('article.purged').payload.surrogateKeys.includes(`section:${elsewhere.id}:articles`), 'a purge purges the lists the article was in')
  })

  t.test('a write costs the same statements whatever the number of endpoints', async (t) => {
    const story = await f.article({ status: 'draft', sectionId: elsewhere.id, slug: 'cost-story' })
    const edit = (v: number) => countStatements(() => as.editor(UPDATE, { id: story.id, v, input: { headline: `Edit ${v}` } }))
    const withFour = await edit(1)
    for (let i = 0; i < 6; i++) await endpoint({ description: `extra ${i}` })
    const withTen = await edit(2)
    t.equal(withTen.statements, withFour.statements, `${withFour.statements} statements with 4 or 10 endpoints`)
    t.comment(`updateArticle: ${withTen.statements} SQL statements, outbox included`)
    const [latest] = await events(sql`e.type = 'article.updated'`)
    t.equal(latest?.endpoints.length, 7, 'one delivery per enabled endpoint that takes every event')
  })

  t.test('with no subscriber, nothing is written', async (t) => {
    await db.execute(sql`DELETE FROM webhook_endpoints WHERE id <> ${disabled}::uuid`)
    const before = await count(db, 'webhook_events')
    await as.editor(`mutation { createTag(input: { name: "Quiet" }) { id } }`)
    t.equal(await count(db, 'webhook_events'), before)
    t.equal(await count(db, 'audit_events', sql`action = 'tag.create'`), 1, 'the audit entry is still written')
  })
})

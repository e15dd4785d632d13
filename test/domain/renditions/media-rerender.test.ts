import { sql } from 'drizzle-orm'
import t, { type Test } from 'tap'
import { editorClients } from '../../helpers/editor-client.js'
import { fixtures } from '../../helpers/fixtures.js'
import { buildTestApp } from '../../helpers/test-app.js'
import { count, rows, SECRETS_KEY } from '../../webhooks/webhook-test-kit.js'
import { richBody, servedArticleRenditions, servedPromoRenditions, storedArticleRenditions, storedPromoRenditions } from './renditions-kit.js'

const UPDATE_MEDIA = `mutation ($id: ID!, $v: Int!, $input: MediaInput!) { updateMedia(id: $id, expectedVersion: $v, input: $input) { version } }`
const TRASH_MEDIA = `mutation ($id: ID!, $v: Int!) { deleteMedia(id: $id, expectedVersion: $v) { version } }`
const RESTORE_MEDIA = `mutation ($id: ID!, $v: Int!) { restoreMedia(id: $id, expectedVersion: $v) { version } }`
const PURGE_MEDIA = `mutation ($id: ID!, $v: Int!) { purgeMedia(id: $id, expectedVersion: $v) }`
const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`

t.test('a change to an embedded image re-renders the bodies that embed it and purges their pages', async (t) => {
  const { app, database } = await buildTestApp(t, { RESPONSE_CACHE: 'true', SECRETS_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' })
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const db = database.db
  await as.admin(CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/hooks' } })

  const photo = await f.media({ alt: 'Harbour at dawn', caption: 'Boats' })
  const unrelated = await f.media({ alt: 'Elsewhere' })
  const story = await f.article({ body: richBody(photo.id) as never })
  const bystander = await f.article({ body: richBody(unrelated.id) as never })
  const promo = await f.promo({ body: richBody(photo.id) as never })

  const page = `/graphql?query=${encodeURIComponent(`{ article(slug: "${story.slug}") { body { html } } }`)}`
  const read = async () => {
    const response = await app.inject({ method: 'GET', url: page })
    return { cache: response.headers['x-cache'], html: response.json<{ data: { article: { body: { html: string } } } }>().data.article.body.html }
  }
  // PostgreSQL delivers the purge on the listening connection a moment after the commit.
  const readOncePurged = async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await read()
      if (response.cache === 'MISS') return response
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error('the cached page was never purged')
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300))
  const stateOf = async (id: string) => (await rows(db, sql`SELECT version, updated_at FROM articles WHERE id = ${id}::uuid`))[0]
  const lastEventKeys = async (type: string) => {
    const [event] = await rows(db, sql`SELECT body FROM webhook_events WHERE type = ${type} ORDER BY created_at DESC LIMIT 1`)
    return new Set((JSON.parse(event?.body as string) as { surrogateKeys: string[] }).surrogateKeys)
  }
  const inStep = async (t: Test, what: string) => {
    t.same((await storedArticleRenditions(db, [story.id])).get(story.id), await servedArticleRenditions(as.preview, story.id), `${what}: the article's stored renditions equal the API's`)
    t.same((await storedPromoRenditions(db, [promo.id])).get(promo.id), await servedPromoRenditions(as.preview, promo.id), `${what}: the promo's too`)
  }

  await inStep(t, 'before')
  t.equal((await read()).cache, 'MISS')
  t.equal((await read()).cache, 'HIT', 'the page is cached')
  const before = await stateOf(story.id)
  const bystanderBefore = (await storedArticleRenditions(db, [bystander.id])).get(bystander.id)
  const revisionsBefore = await count(db, 'article_revisions')

  t.test('an update of what the image shows', async (t) => {
    await as.editor(UPDATE_MEDIA, { id: photo.id, v: 1, input: { alt: 'The harbour at first light', creditLine: 'Staff/Harbour Desk' } })
    await inStep(t, 'after the update')
    const after = await readOncePurged()
    t.match(after.html, /alt="The harbour at first light"/)
    t.match(after.html, /<span class="credit">Staff\/Harbour Desk<\/span>/)
    t.same(await stateOf(story.id), before, 'no new version: the HTML is derived data')
    t.equal(await count(db, 'article_revisions'), revisionsBefore, 'and no revision')
    const keys = await lastEventKeys('media.updated')
    for (const key of [`media:${photo.id}`, `article:${story.id}`, `promo:${promo.id}`]) t.ok(keys.has(key), `the event purges ${key}`)
    t.notOk(keys.has(`article:${bystander.id}`), 'not the pages of other articles')
    t.same((await storedArticleRenditions(db, [bystander.id])).get(bystander.id), bystanderBefore, 'whose bodies stay as they were')
  })

  t.test('an update of something the image does not show re-renders nothing', async (t) => {
    t.equal((await read()).cache, 'HIT')
    await as.editor(UPDATE_MEDIA, { id: photo.id, v: 2, input: { licenceName: 'CC BY 4.0' } })
    await settle()
    t.equal((await read()).cache, 'HIT', 'the page stays cached')
    t.notOk((await lastEventKeys('media.updated')).has(`article:${story.id}`))
  })

  t.test('trash and restore', async (t) => {
    await as.editor(TRASH_MEDIA, { id: photo.id, v: 3 })
    await inStep(t, 'after the trash')
    const gone = await readOncePurged()
    t.notMatch(gone.html, /<img/, 'a trashed image leaves the body')
    t.ok((await lastEventKeys('media.trashed')).has(`article:${story.id}`))
    await as.editor(RESTORE_MEDIA, { id: photo.id, v: 4 })
    await inStep(t, 'after the restore')
    const back = await readOncePurged()
    t.match(back.html, /alt="The harbour at first light"/, 'a restored image comes back')
    t.ok((await lastEventKeys('media.restored')).has(`promo:${promo.id}`))
  })

  t.test('purge', async (t) => {
    await as.editor(TRASH_MEDIA, { id: photo.id, v: 5 })
    await readOncePurged()
    t.equal((await read()).cache, 'HIT')
    await as.admin(PURGE_MEDIA, { id: photo.id, v: 6 })
    await inStep(t, 'after the purge')
    t.notMatch((await read()).html, /<img/)
    t.notOk((await lastEventKeys('media.purged')).has(`article:${story.id}`), 'the HTML did not change (the image was in the trash): nothing more to purge')
  })
})

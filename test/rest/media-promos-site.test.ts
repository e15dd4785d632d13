import { sql } from 'drizzle-orm'
import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients, row, type RestError } from './rest-client.js'

interface Image {
  id: string
  version: number
  url: string
  alt: string
  credit: { line: string | null; licence: { name: string; expiresAt: string | null; valid: boolean } | null }
}
interface Promo {
  id: string
  version: number
  kind: string
  placement: string
  title: string
  startsAt: string | null
  endsAt: string | null
  section: { slug: string } | null
}
interface Site {
  version: number
  name: string
  language: string
  newsletter: { text: string } | null
}

t.test('REST media, promos and site settings', async (t) => {
  const { app, database } = await buildTestApp(t)
  const rest = await restClients(app, database)
  const f = fixtures(database.db)
  const section = await f.section({ slug: 'opinion' })

  t.test('media: GET one with its credit; POST, PATCH, DELETE, restore', async (t) => {
    const created = await rest.contributor<Image>('POST', '/v1/media', {
      body: {
        url: 'https://img.example/cranes.jpg',
        mimeType: 'image/jpeg',
        alt: 'Port cranes',
        creditCreator: 'Sam Lee',
        creditProvider: 'Flickr',
        licenceName: 'CC BY 2.0',
        licenceExpiresAt: '2030-01-01T00:00:00Z',
      },
    })
    t.equal(created.status, 201)
    t.match(created.body, { version: 1, alt: 'Port cranes', credit: { line: 'Sam Lee/Flickr', licence: { name: 'CC BY 2.0', expiresAt: '2030-01-01T00:00:00.000Z', valid: true } } })
    t.equal(created.headers.location, `/v1/media/${created.body.id}`)
    const id = created.body.id
    const stored = await row(database, sql`SELECT licence_expires_at = '2030-01-01T00:00:00Z'::timestamptz AS same FROM media_assets WHERE id = ${id}::uuid`)
    t.same(stored, { same: true }, 'the ISO string was stored as that instant')

    const read = await rest.public<Image>('GET', `/v1/media/${id}`)
    t.equal(read.status, 200)
    t.equal(read.headers.etag, '"v1"')
    t.ok(read.headers['surrogate-key']?.split(' ').includes(`media:${id}`))
    t.equal((await rest.public('GET', `/v1/media/${id}`, { ifNoneMatch: '"v1"' })).status, 304)

    const badMime = await rest.contributor<RestError>('POST', '/v1/media', { body: { url: 'https://img.example/x', mimeType: 'text/html' } })
    t.equal(badMime.status, 400)
    t.same(badMime.body.error.problems?.[0]?.path, ['body', 'mimeType'])
    const badDate = await rest.contributor<RestError>('PATCH', `/v1/media/${id}`, { ifMatch: '"v1"', body: { licenceExpiresAt: 'next year' } })
    t.same(badDate.body.error.problems?.[0]?.path, ['body', 'licenceExpiresAt'])

    const override = await rest.contributor<Image>('PATCH', `/v1/media/${id}`, { ifMatch: '"v1"', body: { creditLine: 'Sam Lee via Flickr', licenceExpiresAt: null } })
    t.equal(override.status, 200)
    t.match(override.body, { version: 2, credit: { line: 'Sam Lee via Flickr', licence: { expiresAt: null } } })
    t.equal((await rest.contributor('DELETE', `/v1/media/${id}`, { ifMatch: '"v2"' })).status, 403, 'trashing media needs an editor')
    t.equal((await rest.editor('DELETE', `/v1/media/${id}`, { ifMatch: '"v2"' })).status, 204)
    t.equal((await rest.public('GET', `/v1/media/${id}`)).status, 404)
    t.equal((await rest.editor<Image>('POST', `/v1/media/${id}/restore`, { ifMatch: '"v3"' })).body.version, 4)
  })

  t.test('promos: open ones publicly, any window with preview; writes with dates and enum names', async (t) => {
    const open = await f.promo({ kind: 'newsletter', placement: 'sidebar', title: 'Weekly round-up' })
    const future = await f.promo({ kind: 'appeal', placement: 'after-body', title: 'Winter appeal', startsAt: hoursAgo(-24) })
    const list = await rest.public<Promo[]>('GET', '/v1/promos')
    t.equal(list.status, 200)
    t.same(list.body.map((p) => p.title), ['Weekly round-up'])
    t.match(list.body[0], { kind: 'NEWSLETTER', placement: 'SIDEBAR' })
    t.match(list.headers['surrogate-key'], /(^| )promos( |$)/)
    t.same((await rest.public<Promo[]>('GET', '/v1/promos?placement=AFTER_BODY')).body, [])
    t.equal((await rest.public<RestError>('GET', '/v1/promos?placement=after-body')).status, 400)

    const one = await rest.public<Promo>('GET', `/v1/promos/${open.id}`)
    t.equal(one.headers.etag, '"v1"')
    t.equal((await rest.public('GET', `/v1/promos/${future.id}`)).status, 404, 'not before its window opens')
    const preview = await rest.preview<Promo>('GET', `/v1/promos/${future.id}?preview=true`)
    t.equal(preview.status, 200)
    t.equal(preview.body.title, 'Winter appeal')
    t.equal(preview.headers['cache-control'], 'private, no-store')

    const created = await rest.editor<Promo>('POST', '/v1/promos', {
      body: { kind: 'CTA', placement: 'AFTER_HEADLINE', title: 'Follow us', sectionId: section.id, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-02-01T00:00:00+01:00' },
    })
    t.equal(created.status, 201, 'a promo for later is created and shown to its writer')
    t.match(created.body, { kind: 'CTA', placement: 'AFTER_HEADLINE', startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-01-31T23:00:00.000Z', section: { slug: 'opinion' } })
    t.match(await row(database, sql`SELECT kind, placement FROM promo_blocks WHERE id = ${created.body.id}::uuid`), { kind: 'cta', placement: 'after-headline' })
    const reversed = await rest.editor<RestError>('POST', '/v1/promos', { body: { kind: 'CTA', placement: 'END', title: 'x', startsAt: '2030-02-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' } })
    t.equal(reversed.status, 400)
    t.same(reversed.body.error.problems, [{ path: ['body', 'endsAt'], message: 'must be later than startsAt' }])
    t.equal((await rest.contributor('POST', '/v1/promos', { body: { kind: 'CTA', placement: 'END', title: 'x' } })).status, 403)

    const moved = await rest.editor<Promo>('PATCH', `/v1/promos/${created.body.id}`, { ifMatch: '"v1"', body: { placement: 'END', startsAt: null } })
    t.match(moved.body, { placement: 'END', startsAt: null, version: 2 })
    const stale = await rest.editor<RestError>('PATCH', `/v1/promos/${created.body.id}`, { ifMatch: '"v1"', body: { title: 'Lost' } })
    t.equal(stale.status, 412)
    t.match(await row(database, sql`SELECT version, title FROM promo_blocks WHERE id = ${created.body.id}::uuid`), { version: 2, title: 'Follow us' })
    t.equal((await rest.editor('DELETE', `/v1/promos/${created.body.id}`, { ifMatch: '"v2"' })).status, 204)
    t.equal((await rest.editor('GET', `/v1/promos/${created.body.id}?preview=true`)).status, 404, 'a trashed promo is gone')
    t.equal((await rest.editor<Promo>('POST', `/v1/promos/${created.body.id}/restore`, { ifMatch: '"v3"' })).status, 200)
  })

  t.test('site settings: GET with version ETag, PATCH for admins from version 0', async (t) => {
    const unconfigured = await rest.public<Site>('GET', '/v1/site')
    t.equal(unconfigured.status, 200)
    t.match(unconfigured.body, { version: 0, name: 'Masthead' })
    t.equal(unconfigured.headers.etag, '"v0"')
    t.equal(unconfigured.headers['surrogate-key'], 'site')

    const editor = await rest.editor<RestError>('PATCH', '/v1/site', { ifMatch: '"v0"', body: { name: 'The Ledger' } })
    t.equal(editor.status, 403)
    t.equal((await rest.admin<RestError>('PATCH', '/v1/site', { body: { name: 'The Ledger' } })).status, 428)
    const saved = await rest.admin<Site>('PATCH', '/v1/site', { ifMatch: '"v0"', body: { name: 'The Ledger', language: 'en-GB', newsletterText: 'Every Friday.' } })
    t.equal(saved.status, 200)
    t.match(saved.body, { version: 1, name: 'The Ledger', language: 'en-GB', newsletter: { text: 'Every Friday.' } })
    t.equal(saved.headers.etag, '"v1"')
    const stale = await rest.admin<RestError>('PATCH', '/v1/site', { ifMatch: '"v0"', body: { name: 'Lost' } })
    t.equal(stale.status, 412)
    t.equal(stale.body.error.currentVersion, 1)
    t.match(await row(database, sql`SELECT version, name FROM site_settings WHERE id = 1`), { version: 1, name: 'The Ledger' })
    const badLanguage = await rest.admin<RestError>('PATCH', '/v1/site', { ifMatch: '"v1"', body: { language: 'English' } })
    t.same(badLanguage.body.error.problems?.[0]?.path, ['body', 'language'])
    t.equal((await rest.public('GET', '/v1/site', { ifNoneMatch: '"v1"' })).status, 304)
  })
})

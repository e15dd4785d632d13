import { sql } from 'drizzle-orm'
import t from 'tap'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

t.test('sections, authors, tags, media, promos and site settings', async (t) => {
  const { app, database, graphql } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const auditCount = async (action: string) =>
    Number(resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action}`))[0]?.n)

  t.test('a section tree is built, guarded against loops and against losing articles', async (t) => {
    const created = await as.editor<{ createSection: { id: string; slug: string; version: number; kind: string } }>(
      `mutation { createSection(input: { name: "Middle East & North Africa", kind: VERTICAL }) { id slug version kind } }`,
    )
    t.match(created.data.createSection, { slug: 'middle-east-and-north-africa', version: 1, kind: 'VERTICAL' })
    const parent = created.data.createSection
    const child = await as.editor<{ createSection: { id: string; path: { slug: string }[] } }>(
      `mutation ($p: ID!) { createSection(input: { name: "Gulf", parentId: $p }) { id path { slug } } }`,
      { p: parent.id },
    )
    t.same(child.data.createSection.path.map((s) => s.slug), ['middle-east-and-north-africa', 'gulf'])

    const loop = await as.editor(`mutation ($id: ID!, $p: ID!) { updateSection(id: $id, expectedVersion: 1, input: { parentId: $p }) { id } }`, {
      id: parent.id,
      p: child.data.createSection.id,
    })
    t.match(loop.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['input', 'parentId'], message: /loop/ }] } })

    const contributor = await as.contributor(`mutation { createSection(input: { name: "Nope" }) { id } }`)
    t.equal(contributor.errors?.[0]?.extensions.code, 'FORBIDDEN')

    await f.article({ slug: 'gulf-story', sectionId: child.data.createSection.id })
    const refused = await as.editor(`mutation ($id: ID!) { deleteSection(id: $id, expectedVersion: 1) { id } }`, { id: child.data.createSection.id })
    t.match(refused.errors?.[0], { extensions: { code: 'BAD_USER_INPUT' }, message: /still has 1 article/ })
    const parentRefused = await as.editor(`mutation ($id: ID!) { deleteSection(id: $id, expectedVersion: 1) { id } }`, { id: parent.id })
    t.match(parentRefused.errors?.[0]?.message, /1 subsection/)
    const [row] = resultRows(await database.db.execute(sql`SELECT deleted_at FROM sections WHERE id = ${child.data.createSection.id}::uuid`))
    t.equal(row?.deleted_at, null, 'nothing changed')
  })

  t.test('the full lifecycle with versions, on tags', async (t) => {
    const created = await as.contributor<{ createTag: { id: string; slug: string; version: number } }>(`mutation { createTag(input: { name: "Red Sea" }) { id slug version } }`)
    const id = created.data.createTag.id
    t.match(created.data.createTag, { slug: 'red-sea', version: 1 })
    const renamed = await as.contributor<{ updateTag: { name: string; version: number } }>(`mutation ($id: ID!) { updateTag(id: $id, expectedVersion: 1, input: { name: "Red Sea shipping" }) { name version } }`, { id })
    t.same(renamed.data.updateTag, { name: 'Red Sea shipping', version: 2 })
    const stale = await as.editor(`mutation ($id: ID!) { updateTag(id: $id, expectedVersion: 1, input: { name: "Lost" }) { name } }`, { id })
    t.match(stale.errors?.[0]?.extensions, { code: 'VERSION_CONFLICT', currentVersion: 2 })
    t.equal((await as.contributor(`mutation ($id: ID!) { deleteTag(id: $id, expectedVersion: 2) { id } }`, { id })).errors?.[0]?.extensions.code, 'FORBIDDEN')
    const trashed = await as.editor<{ deleteTag: { deletedAt: string | null; version: number } }>(`mutation ($id: ID!) { deleteTag(id: $id, expectedVersion: 2) { deletedAt version } }`, { id })
    t.ok(trashed.data.deleteTag.deletedAt)
    t.equal((await graphql<{ tag: null }>(`{ tag(slug: "red-sea") { name } }`)).data.tag, null, 'gone from the public')
    const editTrashed = await as.editor(`mutation ($id: ID!) { updateTag(id: $id, expectedVersion: 3, input: { name: "x" }) { name } }`, { id })
    t.match(editTrashed.errors?.[0], { extensions: { code: 'NOT_FOUND' }, message: /in the trash/ })
    const restored = await as.editor<{ restoreTag: { deletedAt: null; version: number } }>(`mutation ($id: ID!) { restoreTag(id: $id, expectedVersion: 3) { deletedAt version } }`, { id })
    t.same(restored.data.restoreTag, { deletedAt: null, version: 4 })
    await f.article({ slug: 'tagged', tagIds: [id] })
    await as.editor(`mutation ($id: ID!) { deleteTag(id: $id, expectedVersion: 4) { id } }`, { id })
    t.equal((await as.editor(`mutation ($id: ID!) { purgeTag(id: $id, expectedVersion: 5) }`, { id })).errors?.[0]?.extensions.code, 'FORBIDDEN', 'editors cannot purge')
    const blocked = await as.admin(`mutation ($id: ID!) { purgeTag(id: $id, expectedVersion: 5) }`, { id })
    t.match(blocked.errors?.[0]?.message, /still tags 1 article/)
    t.equal(await auditCount('tag.update'), 1)
    t.equal(await auditCount('tag.trash'), 2)
  })

  t.test('purge deletes for good once nothing refers to it', async (t) => {
    const created = await as.editor<{ createAuthor: { id: string } }>(`mutation { createAuthor(input: { name: "Temp Writer", socialLinks: [{ network: "web", url: "https://temp.example" }] }) { id } }`)
    const id = created.data.createAuthor.id
    const notTrashed = await as.admin(`mutation ($id: ID!) { purgeAuthor(id: $id, expectedVersion: 1) }`, { id })
    t.match(notTrashed.errors?.[0]?.message, /in the trash before/)
    await as.editor(`mutation ($id: ID!) { deleteAuthor(id: $id, expectedVersion: 1) { id } }`, { id })
    const purged = await as.admin<{ purgeAuthor: string }>(`mutation ($id: ID!) { purgeAuthor(id: $id, expectedVersion: 2) }`, { id })
    t.equal(purged.data.purgeAuthor, id)
    t.equal(resultRows(await database.db.execute(sql`SELECT id FROM authors WHERE id = ${id}::uuid`)).length, 0)
  })

  t.test('authors and media validate their fields and references', async (t) => {
    const bad = await as.editor(`mutation { createAuthor(input: { name: "", photoId: "00000000-0000-4000-8000-000000000009", socialLinks: [{ network: "x", url: "ftp://nope" }] }) { id } }`)
    const paths = (bad.errors?.[0]?.extensions.problems as { path: (string | number)[] }[]).map((p) => p.path.join('.'))
    t.same(paths.sort(), ['name', 'socialLinks.0.url'])
    const missingPhoto = await as.editor(`mutation { createAuthor(input: { name: "Ok", photoId: "00000000-0000-4000-8000-000000000009" }) { id } }`)
    t.same(missingPhoto.errors?.[0]?.extensions.problems, [{ path: ['input', 'photoId'], message: 'is not a media asset (or it is in the trash)' }])

    const media = await as.contributor<{ createMedia: { id: string; credit: { line: string }; version: number } }>(
      `mutation { createMedia(input: { url: "https://img.example/a.jpg", mimeType: "image/jpeg", alt: "Port cranes", creditCreator: "Sam Lee", creditProvider: "Flickr", licenceName: "CC BY 2.0" }) { id version credit { line } } }`,
    )
    t.match(media.data.createMedia, { version: 1, credit: { line: 'Sam Lee/Flickr' } })
    const override = await as.contributor<{ updateMedia: { credit: { line: string } } }>(
      `mutation ($id: ID!) { updateMedia(id: $id, expectedVersion: 1, input: { creditLine: "Sam Lee via Flickr" }) { credit { line } } }`,
      { id: media.data.createMedia.id },
    )
    t.equal(override.data.updateMedia.credit.line, 'Sam Lee via Flickr')
    const badMime = await as.contributor(`mutation { createMedia(input: { url: "https://img.example/b", mimeType: "text/html" }) { id } }`)
    t.match(badMime.errors?.[0]?.extensions.problems, [{ path: ['mimeType'] }])
  })

  t.test('promos: windows are validated and a new promo shows up on pages while open', async (t) => {
    const section = await f.section({ slug: 'promo-section' })
    await f.article({ slug: 'promo-host', sectionId: section.id })
    const reversed = await as.editor(`mutation { createPromo(input: { kind: CTA, placement: END, title: "x", startsAt: "2026-12-02T00:00:00Z", endsAt: "2026-12-01T00:00:00Z" }) { id } }`)
    t.match(reversed.errors?.[0]?.extensions.problems, [{ path: ['endsAt'], message: 'must be later than startsAt' }])
    const created = await as.editor<{ createPromo: { id: string; kind: string; placement: string } }>(
      `mutation ($s: ID!) { createPromo(input: { kind: APPEAL, placement: AFTER_BODY, title: "Support us", sectionId: $s }) { id kind placement } }`,
      { s: section.id },
    )
    t.match(created.data.createPromo, { kind: 'APPEAL', placement: 'AFTER_BODY' })
    const page = await graphql<{ articlePage: { promos: { title: string }[] } }>(`{ articlePage(slug: "promo-host") { promos { title } } }`)
    t.same(page.data.articlePage.promos, [{ title: 'Support us' }])
    await as.editor(`mutation ($id: ID!) { deletePromo(id: $id, expectedVersion: 1) { id } }`, { id: created.data.createPromo.id })
    const after = await graphql<{ articlePage: { promos: unknown[] } }>(`{ articlePage(slug: "promo-host") { promos { title } } }`)
    t.same(after.data.articlePage.promos, [], 'a trashed promo disappears')
  })

  t.test('site settings: admins only, versioned from an unconfigured site', async (t) => {
    t.equal((await as.editor(`mutation { updateSiteSettings(expectedVersion: 0, input: { name: "X" }) { name } }`)).errors?.[0]?.extensions.code, 'FORBIDDEN')
    const first = await as.admin<{ updateSiteSettings: { name: string; version: number } }>(`mutation { updateSiteSettings(expectedVersion: 0, input: { name: "The Ledger", language: "en-GB" }) { name version } }`)
    t.same(first.data.updateSiteSettings, { name: 'The Ledger', version: 1 })
    const stale = await as.admin(`mutation { updateSiteSettings(expectedVersion: 0, input: { name: "Other" }) { name } }`)
    t.match(stale.errors?.[0]?.extensions, { code: 'VERSION_CONFLICT', currentVersion: 1 })
    const second = await as.admin<{ updateSiteSettings: { newsletter: { text: string }; version: number } }>(`mutation { updateSiteSettings(expectedVersion: 1, input: { newsletterText: "Fridays." }) { version newsletter { text } } }`)
    t.same(second.data.updateSiteSettings, { version: 2, newsletter: { text: 'Fridays.' } })
    t.equal((await graphql<{ site: { name: string } }>('{ site { name } }')).data.site.name, 'The Ledger')
  })

  t.test('the public and contributors are refused where they should be', async (t) => {
    const anonymous = await as.public(`mutation { createTag(input: { name: "x" }) { id } }`)
    t.equal(anonymous.status, 401)
    t.equal(anonymous.errors?.[0]?.extensions.code, 'UNAUTHENTICATED')
    const preview = await as.preview(`mutation { createTag(input: { name: "x" }) { id } }`)
    t.equal(preview.status, 403)
    t.equal(preview.errors?.[0]?.extensions.code, 'FORBIDDEN')
  })
})

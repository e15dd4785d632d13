import { sql } from 'drizzle-orm'
import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients, row, type RestError } from './rest-client.js'

interface Section {
  id: string
  version: number
  slug: string
  name: string
  kind: string
  parent: { id: string } | null
  children: { slug: string }[]
  path: { slug: string }[]
}
interface TreeNode {
  slug: string
  children?: TreeNode[]
}
interface ArticleList {
  nodes: { slug: string }[]
  pageInfo: { hasNextPage: boolean }
  totalCount: number
}

t.test('REST sections, authors and tags', async (t) => {
  const { app, database } = await buildTestApp(t)
  const rest = await restClients(app, database)
  const f = fixtures(database.db)
  const regions = await f.section({ slug: 'regions', name: 'Regions', position: 0 })
  const middleEast = await f.section({ slug: 'middle-east', name: 'Middle East', parentId: regions.id })
  const gulf = await f.section({ slug: 'gulf', name: 'Gulf', parentId: middleEast.id })
  const photo = await f.media()
  const writer = await f.author({ slug: 'writer', name: 'A Writer', bio: 'Writes.', photoId: photo.id, socialLinks: [{ network: 'web', url: 'https://writer.example' }] })
  const trade = await f.tag({ slug: 'trade', name: 'Trade' })
  for (let i = 0; i < 3; i++) {
    await f.article({ slug: `gulf-${i}`, sectionId: gulf.id, publishAt: hoursAgo(i + 1), authors: [{ id: writer.id }], tagIds: [trade.id] })
  }
  const columns = (table: 'sections' | 'authors' | 'tags', id: string) =>
    row(database, sql`SELECT version, name, deleted_at FROM ${sql.raw(table)} WHERE id = ${id}::uuid`)

  t.test('GET /v1/sections: the tree', async (t) => {
    const response = await rest.public<TreeNode[]>('GET', '/v1/sections')
    t.equal(response.status, 200)
    t.match(response.body, [{ slug: 'regions', children: [{ slug: 'middle-east', children: [{ slug: 'gulf', children: [] }] }] }])
    t.match(response.headers['surrogate-key'], /(^| )sections( |$)/)
    t.match(response.headers['cache-control'], /^public/)
  })

  t.test('GET /v1/sections/{id} and /slug/{slug}: one section with its version ETag', async (t) => {
    const byId = await rest.public<Section>('GET', `/v1/sections/${middleEast.id}`)
    t.equal(byId.status, 200)
    t.match(byId.body, { id: middleEast.id, version: 1, kind: 'STANDARD', parent: { id: regions.id }, children: [{ slug: 'gulf' }], path: [{ slug: 'regions' }, { slug: 'middle-east' }] })
    t.equal(byId.headers.etag, '"v1"')
    t.ok(byId.headers['surrogate-key']?.split(' ').includes(`section:${middleEast.id}`))
    t.equal((await rest.public('GET', `/v1/sections/${middleEast.id}`, { ifNoneMatch: '"v1"' })).status, 304)
    const bySlug = await rest.public<Section>('GET', '/v1/sections/slug/middle-east')
    t.equal(bySlug.body.id, middleEast.id)
    t.equal((await rest.public('GET', '/v1/sections/slug/nowhere')).status, 404)
    t.equal((await rest.public('GET', '/v1/sections/00000000-0000-4000-8000-000000000001')).status, 404)
  })

  t.test('GET /v1/sections/{id}/articles: subsections included, paginated with Link', async (t) => {
    const page = await rest.public<ArticleList>('GET', `/v1/sections/${regions.id}/articles?first=2`)
    t.equal(page.status, 200)
    t.same(page.body.nodes.map((a) => a.slug), ['gulf-0', 'gulf-1'])
    t.equal(page.body.totalCount, 3)
    t.match(page.headers.link, new RegExp(`^</v1/sections/${regions.id}/articles\\?first=2&after=[\\w-]+>; rel="next"$`))
    const next = await rest.public<ArticleList>('GET', /^<([^>]+)>/.exec(page.headers.link!)![1]!)
    t.same(next.body.nodes.map((a) => a.slug), ['gulf-2'])
    t.equal(next.headers.link, undefined)
    t.ok(page.headers['surrogate-key']?.split(' ').includes(`section:${regions.id}:articles`))
  })

  t.test('authors: by id, by slug, their articles', async (t) => {
    const author = await rest.public<{ id: string; version: number; name: string; bio: string; photo: { id: string }; socialLinks: { url: string }[] }>('GET', `/v1/authors/${writer.id}`)
    t.equal(author.status, 200)
    t.match(author.body, { id: writer.id, version: 1, name: 'A Writer', bio: 'Writes.', photo: { id: photo.id }, socialLinks: [{ url: 'https://writer.example' }] })
    t.equal(author.headers.etag, '"v1"')
    t.ok(author.headers['surrogate-key']?.split(' ').includes(`author:${writer.id}`))
    t.equal((await rest.public<{ id: string }>('GET', '/v1/authors/slug/writer')).body.id, writer.id)
    const articles = await rest.public<ArticleList>('GET', `/v1/authors/${writer.id}/articles?first=1&orderBy=PUBLISHED_AT_ASC`)
    t.same(articles.body.nodes.map((a) => a.slug), ['gulf-2'])
    t.ok(articles.headers.link)
  })

  t.test('tags: by id, by slug, their articles paginated', async (t) => {
    const tag = await rest.public<{ id: string; version: number; name: string }>('GET', `/v1/tags/${trade.id}`)
    t.match(tag.body, { id: trade.id, version: 1, name: 'Trade' })
    t.equal(tag.headers.etag, '"v1"')
    t.equal((await rest.public<{ id: string }>('GET', '/v1/tags/slug/trade')).body.id, trade.id)
    const seen: string[] = []
    let url: string | undefined = `/v1/tags/${trade.id}/articles?first=2`
    while (url) {
      const page: { body: ArticleList; headers: Record<string, string | undefined> } = await rest.public<ArticleList>('GET', url)
      seen.push(...page.body.nodes.map((a) => a.slug))
      url = page.headers.link ? /^<([^>]+)>/.exec(page.headers.link)?.[1] : undefined
    }
    t.same(seen, ['gulf-0', 'gulf-1', 'gulf-2'])
    t.equal((await rest.public<RestError>('GET', `/v1/tags/${trade.id}/articles?first=101`)).status, 400)
    t.equal((await rest.public('GET', '/v1/tags/00000000-0000-4000-8000-000000000001/articles')).status, 404)
  })

  t.test('section writes: create (GraphQL enum names), patch, trash guarded, restore, purge', async (t) => {
    const created = await rest.editor<Section>('POST', '/v1/sections', { body: { name: 'Qiosk', kind: 'VERTICAL', parentId: regions.id } })
    t.equal(created.status, 201)
    t.match(created.body, { slug: 'qiosk', kind: 'VERTICAL', version: 1, parent: { id: regions.id } })
    t.equal(created.headers.location, `/v1/sections/${created.body.id}`)
    t.equal(created.headers.etag, '"v1"')
    const id = created.body.id
    t.match(await row(database, sql`SELECT kind, parent_id FROM sections WHERE id = ${id}::uuid`), { kind: 'vertical', parent_id: regions.id })

    const storedSpelling = await rest.editor<RestError>('POST', '/v1/sections', { body: { name: 'Wrong', kind: 'vertical' } })
    t.equal(storedSpelling.status, 400, 'enums take GraphQL’s names, as responses show them')
    t.same(storedSpelling.body.error.problems?.[0]?.path, ['body', 'kind'])
    t.equal((await rest.contributor('POST', '/v1/sections', { body: { name: 'Nope' } })).status, 403)
    t.equal((await rest.public('POST', '/v1/sections', { body: { name: 'Nope' } })).status, 401)

    const renamed = await rest.editor<Section>('PATCH', `/v1/sections/${id}`, { ifMatch: '"v1"', body: { name: 'QIOSK', kind: 'STANDARD' } })
    t.match(renamed.body, { name: 'QIOSK', kind: 'STANDARD', version: 2 })
    t.equal(renamed.headers.etag, '"v2"')
    const stale = await rest.editor<RestError>('PATCH', `/v1/sections/${id}`, { ifMatch: '"v1"', body: { name: 'Lost' } })
    t.equal(stale.status, 412)
    t.match(stale.body.error, { code: 'PRECONDITION_FAILED', currentVersion: 2 })
    t.match(await columns('sections', id), { version: 2, name: 'QIOSK' })
    t.equal((await rest.editor('PATCH', `/v1/sections/${id}`, { body: { name: 'Lost' } })).status, 428)
    const loop = await rest.editor<RestError>('PATCH', `/v1/sections/${regions.id}`, { ifMatch: '"v1"', body: { parentId: gulf.id } })
    t.equal(loop.status, 400)
    t.same(loop.body.error.problems?.[0]?.path, ['body', 'parentId'])

    const blocked = await rest.editor<RestError>('DELETE', `/v1/sections/${gulf.id}`, { ifMatch: '"v1"' })
    t.equal(blocked.status, 400, 'a section with articles cannot go to the trash')
    t.match(blocked.body.error.message, /still has 3 articles/)
    t.same(blocked.body.error.problems?.[0]?.path, ['params', 'id'])

    const trashed = await rest.editor('DELETE', `/v1/sections/${id}`, { ifMatch: '"v2"' })
    t.equal(trashed.status, 204)
    t.equal(trashed.headers.etag, '"v3"')
    t.ok((await columns('sections', id))?.deleted_at)
    t.equal((await rest.public('GET', `/v1/sections/${id}`)).status, 404, 'gone from the public')
    const restored = await rest.editor<Section>('POST', `/v1/sections/${id}/restore`, { ifMatch: '"v3"' })
    t.equal(restored.status, 200)
    t.equal(restored.body.version, 4)
    await rest.editor('DELETE', `/v1/sections/${id}`, { ifMatch: '"v4"' })
    t.equal((await rest.editor('DELETE', `/v1/sections/${id}?purge=true`, { ifMatch: '"v5"' })).status, 403, 'editors cannot purge')
    const purged = await rest.admin('DELETE', `/v1/sections/${id}?purge=true`, { ifMatch: '"v5"' })
    t.equal(purged.status, 204)
    t.equal(await columns('sections', id), undefined)
  })

  t.test('author and tag writes', async (t) => {
    const author = await rest.editor<{ id: string; slug: string; socialLinks: { handle: string | null }[] }>('POST', '/v1/authors', {
      body: { name: 'New Writer', roleTitle: 'Fellow', socialLinks: [{ network: 'web', url: 'https://new.example' }] },
    })
    t.equal(author.status, 201)
    t.match(author.body, { slug: 'new-writer', socialLinks: [{ handle: null }] })
    const badLinks = await rest.editor<RestError>('POST', '/v1/authors', { body: { name: 'x', socialLinks: [{ network: 'web', url: 'ftp://nope' }] } })
    t.same(badLinks.body.error.problems?.[0]?.path, ['body', 'socialLinks', 0, 'url'])
    const missingPhoto = await rest.editor<RestError>('POST', '/v1/authors', { body: { name: 'x', photoId: '00000000-0000-4000-8000-000000000009' } })
    t.same(missingPhoto.body.error.problems, [{ path: ['body', 'photoId'], message: 'is not a media asset (or it is in the trash)' }])
    const patched = await rest.editor<{ bio: string; version: number }>('PATCH', `/v1/authors/${author.body.id}`, { ifMatch: '"v1"', body: { bio: 'Writes about ports.' } })
    t.match(patched.body, { bio: 'Writes about ports.', version: 2 })
    t.match(await columns('authors', author.body.id), { version: 2 })
    t.equal((await rest.editor('DELETE', `/v1/authors/${author.body.id}`, { ifMatch: '"v2"' })).status, 204)
    t.equal((await rest.editor<{ version: number }>('POST', `/v1/authors/${author.body.id}/restore`, { ifMatch: '"v3"' })).body.version, 4)

    const tag = await rest.contributor<{ id: string; slug: string; version: number }>('POST', '/v1/tags', { body: { name: 'Red Sea' } })
    t.equal(tag.status, 201)
    t.match(tag.body, { slug: 'red-sea', version: 1 })
    const renamed = await rest.contributor<{ name: string }>('PATCH', `/v1/tags/${tag.body.id}`, { ifMatch: '"v1"', body: { name: 'Red Sea shipping' } })
    t.equal(renamed.body.name, 'Red Sea shipping')
    t.equal((await rest.contributor('DELETE', `/v1/tags/${tag.body.id}`, { ifMatch: '"v2"' })).status, 403, 'trashing a tag needs an editor')
    t.match(await columns('tags', tag.body.id), { version: 2, deleted_at: null })
    t.equal((await rest.editor('DELETE', `/v1/tags/${tag.body.id}`, { ifMatch: '"v2"' })).status, 204)
    t.equal((await rest.editor<{ version: number }>('POST', `/v1/tags/${tag.body.id}/restore`, { ifMatch: '"v3"' })).body.version, 4)
    const restoreLive = await rest.editor<RestError>('POST', `/v1/tags/${tag.body.id}/restore`, { ifMatch: '"v4"' })
    t.equal(restoreLive.status, 404, 'restoring what is not in the trash')
  })
})

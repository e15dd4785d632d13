import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { announcePurge } from '../../src/http-cache/purge-channel.js'
import { ResponseCache } from '../../src/http-cache/response-cache.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { openTestDatabase } from '../helpers/test-database.js'

const getQuery = (query: string) => `/graphql?query=${encodeURIComponent(query)}`
const eventually = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`timed out waiting for ${what}`)
}

t.test('the cache itself: LRU bounds, purge by key, no stale store after a purge', (t) => {
  const cache = new ResponseCache({ maxEntries: 2, maxBytes: 1000 })
  const entry = (body: string, tags: string[]) => ({ body, headers: {}, tags, expiresAt: Date.now() + 60_000 })
  t.ok(cache.set('a', entry('A', ['article:1']), cache.epoch()))
  t.ok(cache.set('b', entry('B', ['article:2']), cache.epoch()))
  cache.get('a')
  t.ok(cache.set('c', entry('C', ['article:3']), cache.epoch()))
  t.same([cache.get('a')?.body, cache.get('b'), cache.get('c')?.body], ['A', undefined, 'C'], 'the least recently used goes first')
  t.equal(cache.purge(['article:1']), 1)
  t.equal(cache.get('a'), undefined)

  const started = cache.epoch()
  cache.purge(['article:9'])
  t.notOk(cache.set('late', entry('old picture', ['article:9']), started), 'built before a purge of its key: refused')
  t.ok(cache.set('fine', entry('other', ['article:8']), started), 'other keys are unaffected')
  cache.clear()
  t.notOk(cache.set('x', entry('X', []), started), 'built before a clear: refused')
  t.ok(cache.set('big', entry('x'.repeat(200), []), cache.epoch()) && cache.bytes === 200)
  t.notOk(cache.set('huge', entry('x'.repeat(400), []), cache.epoch()), 'one response may not take more than a quarter of the budget')
  t.ok(cache.set('old', { ...entry('O', []), expiresAt: Date.now() - 1 }, cache.epoch()))
  t.equal(cache.get('old'), undefined, 'expired entries are not served')
  t.end()
})

t.test('the purge record stays bounded without emptying the cache or letting a stale build in', (t) => {
  const cache = new ResponseCache({ maxEntries: 100, maxBytes: 100_000 })
  const entry = (body: string, tags: string[]) => ({ body, headers: {}, tags, expiresAt: Date.now() + 60_000 })
  t.ok(cache.set('kept', entry('K', ['section:1']), cache.epoch()))
  const slowBuild = cache.epoch()
  cache.purge(['article:0'])
  // A newsroom's day of saves, each purging keys of its own.
  for (let i = 1; i <= 25_000; i++) cache.purge([`article:${i}`])
  t.ok(cache.purgeRecords <= 10_000, `${cache.purgeRecords} records held`)
  t.equal(cache.get('kept')?.body, 'K', 'entries whose keys were not purged stay cached')
  t.notOk(cache.set('stale', entry('old picture', ['article:0']), slowBuild), 'a build older than the records let go is refused')
  t.notOk(cache.set('other', entry('other', ['article:999999']), slowBuild), 'whatever its keys, since nothing proves it fresh')
  const recent = cache.epoch()
  cache.purge(['article:77'])
  t.notOk(cache.set('recent', entry('R', ['article:77']), recent), 'a recent purge is still on record')
  t.ok(cache.set('fresh', entry('F', ['article:1']), cache.epoch()), 'a build after the purges is stored')
  t.end()
})

t.test('public reads are served from memory until a committed write purges their keys', async (t) => {
  const { app, database } = await buildTestApp(t, { RESPONSE_CACHE: 'true' })
  const make = fixtures(database.db)
  const section = await make.section()
  const story = await make.article({ sectionId: section.id })
  const other = await make.article()
  const url = getQuery(`{ article(slug: "${story.slug}") { headline section { name } } }`)
  const otherUrl = getQuery(`{ article(slug: "${other.slug}") { headline } }`)

  const first = await app.inject({ method: 'GET', url })
  t.equal(first.headers['x-cache'], 'MISS')
  const second = await app.inject({ method: 'GET', url })
  t.equal(second.headers['x-cache'], 'HIT')
  t.equal(second.body, first.body)
  for (const header of ['etag', 'surrogate-key', 'cache-control', 'content-type']) t.equal(second.headers[header], first.headers[header], `replays ${header}`)
  const revalidated = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(revalidated.statusCode, 304, 'a hit still answers If-None-Match')
  await app.inject({ method: 'GET', url: otherUrl })

  const { token } = await issueToken(database.db, OPERATOR, { name: 'preview', role: 'preview' })
  const withToken = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
  t.equal(withToken.headers['x-cache'], undefined, 'token requests never read or fill the cache')

  // A rolled-back write announces nothing.
  await database.db
    .transaction(async (tx) => {
      await announcePurge(tx, [`section:${section.id}`])
      throw new Error('roll back')
    })
    .catch(() => undefined)
  t.equal((await app.inject({ method: 'GET', url })).headers['x-cache'], 'HIT')

  await database.db.transaction(async (tx) => announcePurge(tx, [`section:${section.id}`]))
  await eventually(async () => (await app.inject({ method: 'GET', url })).headers['x-cache'] === 'MISS', 'the purge')
  t.pass('a committed purge of a key the response contains evicts it')
  t.equal((await app.inject({ method: 'GET', url: otherUrl })).headers['x-cache'], 'HIT', 'responses without that key stay')
})

t.test('what is never stored: mutations, errors, failures', async (t) => {
  const { app } = await buildTestApp(t, { RESPONSE_CACHE: 'true' })
  const post = (query: string) => app.inject({ method: 'POST', url: '/graphql', payload: { query } })
  t.equal((await post('{ site { name } }')).headers['x-cache'], 'MISS')
  t.equal((await post('{ site { name } }')).headers['x-cache'], 'HIT', 'a POSTed query is keyed by its body')
  t.equal((await post('{ site { name tagline } }')).headers['x-cache'], 'MISS', 'another body, another entry')
  const mutation = 'mutation { revokeApiToken(id: "00000000-0000-4000-8000-000000000000") { id } }'
  await post(mutation)
  t.not((await post(mutation)).headers['x-cache'], 'HIT', 'mutations are never replayed')
  const broken = getQuery('{ article(slug: "x") { nope } }')
  await app.inject({ method: 'GET', url: broken })
  t.not((await app.inject({ method: 'GET', url: broken })).headers['x-cache'], 'HIT', 'errors are not stored')
})

t.test('entries expire at the next scheduled change, not just at the TTL', async (t) => {
  const { app, database } = await buildTestApp(t, { RESPONSE_CACHE: 'true' })
  const make = fixtures(database.db)
  await make.article({ headline: 'Already out' })
  const comingUp = await make.article({ headline: 'Coming up', status: 'scheduled', publishAt: new Date(Date.now() + 1500) })
  const url = getQuery('{ latest(first: 5) { id } }')
  const before = await app.inject({ method: 'GET', url })
  t.notMatch(before.body, comingUp.id)
  t.equal((await app.inject({ method: 'GET', url })).headers['x-cache'], 'HIT')
  await new Promise((resolve) => setTimeout(resolve, 1600))
  const after = await app.inject({ method: 'GET', url })
  t.equal(after.headers['x-cache'], 'MISS', 'the scheduled publish time ended the entry')
  t.match(after.body, comingUp.id, 'and the fresh response has the article that went live')
})

t.test('on PostgreSQL, a write committed through one instance purges every instance', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (PGlite is one process)' }, async (t) => {
  const { database, url, drop } = await openTestDatabase()
  const second = openPostgresDatabase({ url: url!, poolMax: 2, onPoolError: () => undefined })
  const config = loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'true' })
  const appA = await buildApp({ config, database, logger: false })
  const appB = await buildApp({ config, database: second, logger: false })
  t.teardown(async () => {
    await appA.close()
    await appB.close()
    await drop()
  })
  const story = await fixtures(database.db).article()
  const query = getQuery(`{ article(slug: "${story.slug}") { headline } }`)
  await appB.inject({ method: 'GET', url: query })
  t.equal((await appB.inject({ method: 'GET', url: query })).headers['x-cache'], 'HIT')
  await database.db.transaction(async (tx) => announcePurge(tx, [`article:${story.id}`]))
  await eventually(async () => (await appB.inject({ method: 'GET', url: query })).headers['x-cache'] === 'MISS', 'the other instance to purge')
  t.pass('instance B dropped the entry when the write through A committed')
})

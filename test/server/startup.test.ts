import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { openTestDatabase } from '../helpers/test-database.js'
import { postGraphql, runServerToExit, spawnServer } from '../helpers/spawn-server.js'

const COUNT = '{ articles(first: 1) { totalCount } site { name } }'
const totalOf = (body: { data?: Record<string, unknown> }) => (body.data?.articles as { totalCount: number } | undefined)?.totalCount

t.test('start-up on an empty data dir seeds the demo publication, then shuts down cleanly', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'masthead-start-'))
  t.teardown(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  const first = await spawnServer({ DATA_DIR: dataDir })
  t.comment(`start-up on an empty data dir (process spawn to listening, demo content included): ${first.startupMs} ms`)
  t.match(first.output(), /demo content loaded: \d+ articles/)
  t.match(first.output(), /GraphiQL\s+http:\/\/127\.0\.0\.1:\d+\/graphiql/)
  const health = await fetch(`${first.baseUrl}/healthz`)
  t.equal(health.status, 200)
  const ready = await fetch(`${first.baseUrl}/readyz`)
  t.same(await ready.json(), { status: 'ready', database: 'pglite' })
  const seeded = await postGraphql(first.baseUrl, COUNT)
  t.equal(seeded.status, 200)
  t.ok((totalOf(seeded.body) ?? 0) >= 40, 'at least 40 published demo articles')
  t.equal((seeded.body.data?.site as { name: string }).name, 'The Meridian Review')
  t.equal(await first.stop('SIGTERM'), 0, 'SIGTERM: exits 0 after closing')

  const second = await spawnServer({ DATA_DIR: dataDir })
  t.notMatch(second.output(), /demo content loaded/, 'a database with content is never seeded again')
  const again = await postGraphql(second.baseUrl, COUNT)
  t.equal(totalOf(again.body), totalOf(seeded.body), 'the data survived the restart')
  t.equal(await second.stop('SIGINT'), 0)
})

t.test('a bad environment stops the process with a message naming the variable', async (t) => {
  const result = await runServerToExit({ PORT: 'eighty', LOG_LEVEL: 'loud' })
  t.equal(result.code, 1)
  t.match(result.output, /PORT/)
  t.match(result.output, /LOG_LEVEL/)
  t.notMatch(result.output, /at .*\.ts:\d+/, 'no stack trace for a configuration mistake')
})

t.test('a DATABASE_URL database gets no demo content unless asked', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, async (t) => {
  const plain = await openTestDatabase()
  const asked = await openTestDatabase()
  t.teardown(async () => {
    await plain.drop()
    await asked.drop()
  })
  const withoutSeed = await spawnServer({ DATABASE_URL: plain.url ?? '' })
  const empty = await postGraphql(withoutSeed.baseUrl, COUNT)
  t.equal(totalOf(empty.body), 0)
  t.equal(await withoutSeed.stop(), 0)

  const withSeed = await spawnServer({ DATABASE_URL: asked.url ?? '', SEED_DEMO_CONTENT: 'true' })
  const full = await postGraphql(withSeed.baseUrl, COUNT)
  t.ok((totalOf(full.body) ?? 0) >= 40)
  t.equal(await withSeed.stop(), 0)
})

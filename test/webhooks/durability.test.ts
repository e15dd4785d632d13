import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { Database } from '../../src/db/database.js'
import { claimDueDeliveries } from '../../src/webhooks/delivery-queue.js'
import { editorClients } from '../helpers/editor-client.js'
import { startReceiver } from './receiver.js'
import { count, reopenableDatabase, rows, workerEnv } from './webhook-test-kit.js'

const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`

async function appOn(database: Database, env: Record<string, string>): Promise<FastifyInstance> {
  return buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'false', ...workerEnv, ...env }), database, logger: false })
}

t.test('events written while no worker runs are delivered after a restart', async (t) => {
  const store = await reopenableDatabase(t)
  const receiver = await startReceiver(t)

  // First run: delivery switched off (or the process died before sending anything).
  const first = await appOn(await store.open(), { WEBHOOK_DELIVERY: 'false' })
  const database = first.database
  const as = await editorClients(first, database)
  await as.admin(CREATE_ENDPOINT, { input: { url: receiver.url, eventTypes: ['tag.created'] } })
  for (const name of ['One', 'Two', 'Three']) await as.editor(`mutation ($name: String!) { createTag(input: { name: $name }) { id } }`, { name })
  t.equal(first.webhooks, undefined, 'no worker in this run')
  await first.close()
  t.equal(receiver.received.length, 0)

  // Second run, same database: the worker's first round picks up what was left.
  const second = await appOn(await store.open(), {})
  t.teardown(() => second.close())
  await second.ready()
  await second.webhooks!.drain()
  t.equal(receiver.received.length, 3, 'all three delivered')
  t.same(receiver.received.map((r) => JSON.parse(r.body) as { type: string }).map((p) => p.type), ['tag.created', 'tag.created', 'tag.created'])
  t.equal(await count(second.database.db, 'webhook_deliveries', sql`status = 'delivered'`), 3)
})

t.test('a delivery whose worker died mid-send is taken over when its lease runs out', async (t) => {
  const store = await reopenableDatabase(t)
  const receiver = await startReceiver(t)
  const app = await appOn(await store.open(), {})
  t.teardown(() => app.close())
  const db = app.database.db
  const as = await editorClients(app, app.database)
  await as.admin(CREATE_ENDPOINT, { input: { url: receiver.url } })
  await as.editor(`mutation { createTag(input: { name: "Orphan" }) { id } }`)

  // A worker claims it, then "dies": nothing is sent and nothing recorded after the claim.
  const [claimed] = await claimDueDeliveries(db, 10, 60_000)
  t.equal(claimed?.attempt, 1)
  t.equal((await claimDueDeliveries(db, 10, 60_000)).length, 0, 'while the lease runs, nobody else can claim it')
  t.equal(await app.webhooks!.drain(), 0, 'nor the running worker')
  t.equal(receiver.received.length, 0)

  await db.execute(sql`UPDATE webhook_deliveries SET locked_until = now() - interval '1 second'`)
  t.equal(await app.webhooks!.drain(), 1, 'after the lease, it is claimed again')
  t.equal(receiver.received.length, 1)
  const attempts = await rows(db, sql`SELECT number, response_status, duration_ms FROM webhook_attempts ORDER BY number`)
  t.match(attempts, [
    { number: 1, response_status: null, duration_ms: null },
    { number: 2, response_status: 200 },
  ], 'the interrupted attempt stays in the log, without an outcome')
  t.match(await rows(db, sql`SELECT status, attempt_count, locked_until FROM webhook_deliveries`), [{ status: 'delivered', attempt_count: 2, locked_until: null }])
})

t.test('workers claiming at the same time never send a delivery twice', async (t) => {
  const store = await reopenableDatabase(t)
  const receiver = await startReceiver(t)
  // Two instances; on PostgreSQL each with its own connection pool, as two servers would have.
  // A generous timeout: forty parallel sends on a busy machine must not fail for slowness here.
  const one = await appOn(await store.open(), { WEBHOOK_TIMEOUT_MS: '20000' })
  const two = await appOn(await store.open(), { WEBHOOK_TIMEOUT_MS: '20000' })
  t.teardown(async () => {
    await two.close()
    await one.close()
  })
  await Promise.all([one.ready(), two.ready()])
  const as = await editorClients(one, one.database)
  await as.admin(CREATE_ENDPOINT, { input: { url: receiver.url } })
  const total = 40
  for (let i = 0; i < total; i++) await as.editor(`mutation ($name: String!) { createTag(input: { name: $name }) { id } }`, { name: `Tag ${i}` })

  // Several rounds each, all at once: claims race on the same due rows.
  const rounds = await Promise.all([...Array.from({ length: 4 }, () => one.webhooks!.deliverDue()), ...Array.from({ length: 4 }, () => two.webhooks!.deliverDue())])
  await Promise.all([one.webhooks!.drain(), two.webhooks!.drain()])
  const ids = receiver.received.map((r) => String(r.headers['webhook-id']))
  t.equal(ids.length, total, `${total} requests for ${total} events (first rounds claimed ${rounds.join('+')})`)
  t.equal(new Set(ids).size, total, 'no event sent twice')
  t.equal(await count(one.database.db, 'webhook_attempts'), total, 'one attempt each')
  t.equal(await count(one.database.db, 'webhook_deliveries', sql`status = 'delivered'`), total)
  t.comment(`${store.kind}: the concurrent first rounds claimed ${rounds.join(', ')}`)
})

t.test('closing the app waits for a send in flight and records it', async (t) => {
  const store = await reopenableDatabase(t)
  const receiver = await startReceiver(t, (_request, _index, response) => {
    setTimeout(() => response.writeHead(204).end(), 200)
  })
  const app = await appOn(await store.open(), {})
  const as = await editorClients(app, app.database)
  await as.admin(CREATE_ENDPOINT, { input: { url: receiver.url } })
  await as.editor(`mutation { createTag(input: { name: "In flight" }) { id } }`)
  const round = app.webhooks!.deliverDue()
  await new Promise((resolve) => setTimeout(resolve, 50))
  await app.close()
  t.equal(await round, 1)
  const reopened = await store.open()
  t.match(await rows(reopened.db, sql`SELECT status FROM webhook_deliveries`), [{ status: 'delivered' }], 'recorded before the database closed')
  if (store.kind === 'postgres') await reopened.close()
})

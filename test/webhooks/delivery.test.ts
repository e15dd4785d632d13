import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { webhookEndpoints } from '../../src/db/tables/webhook-endpoints.js'
import { SecretBox, parseSecretsKey } from '../../src/webhooks/secret-box.js'
import { endpointSecretContext } from '../../src/webhooks/webhook-settings.js'
import { editorClients, type AsRole } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'
import { answerWith, startReceiver, type Received } from './receiver.js'
import { count, makePendingDue, rows, SECRETS_KEY, workerEnv } from './webhook-test-kit.js'

const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }`
const DELIVERIES = `query ($endpointId: ID, $status: WebhookDeliveryStatus) {
  webhookDeliveries(endpointId: $endpointId, status: $status) {
    id eventId eventType payload status attemptCount nextAttemptAt finishedAt redeliveryOf
    attempts { number startedAt durationMs responseStatus error responseBody }
  }
}`

interface Delivery {
  id: string
  eventId: string
  eventType: string
  payload: { type: string; data: { id: string }; surrogateKeys: string[] }
  status: string
  attemptCount: number
  nextAttemptAt: string | null
  finishedAt: string | null
  redeliveryOf: string | null
  attempts: { number: number; durationMs: number | null; responseStatus: number | null; error: string | null; responseBody: string | null }[]
}

const headersOf = (request: Received): Record<string, string> =>
  Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]))

async function registerEndpoint(as: Record<'admin', AsRole>, url: string, eventTypes: string[]): Promise<{ id: string; secret: string }> {
  const response = await as.admin<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }>(CREATE_ENDPOINT, { input: { url, eventTypes } })
  return { id: response.data.createWebhookEndpoint.endpoint.id, secret: response.data.createWebhookEndpoint.secret }
}

t.test('the worker delivers signed webhooks, retries, and gives up', async (t) => {
  const { app, database } = await buildTestApp(t, workerEnv)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const db = database.db
  const worker = app.webhooks!
  const deliveriesOf = async (endpointId: string, status?: string) =>
    (await as.admin<{ webhookDeliveries: Delivery[] }>(DELIVERIES, { endpointId, status })).data.webhookDeliveries
  const createTag = async (name: string) => (await as.editor<{ createTag: { id: string } }>(`mutation ($name: String!) { createTag(input: { name: $name }) { id } }`, { name })).data.createTag.id

  let delivered!: Delivery
  t.test('a publish reaches the receiver, signed so that Standard Webhooks verifies it', async (t) => {
    const receiver = await startReceiver(t)
    const endpoint = await registerEndpoint(as, receiver.url, ['article.published'])
    const section = await f.section({ slug: 'world' })
    const author = await f.author({ slug: 'amal' })
    const tag = await f.tag({ slug: 'climate' })
    const story = await f.article({ status: 'draft', sectionId: section.id, authors: [{ id: author.id }], tagIds: [tag.id], slug: 'heatwave' })
    await as.editor(`mutation ($id: ID!) { publishArticle(id: $id, expectedVersion: 1) { id } }`, { id: story.id })

    t.ok((await worker.drain()) >= 1)
    t.equal(receiver.received.length, 1, 'sent once')
    const request = receiver.received[0]!
    const headers = headersOf(request)
    t.match(headers, { 'content-type': 'application/json', 'user-agent': 'Masthead-Webhooks/1' })
    t.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/)
    t.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'unix seconds, now')
    const verified = new Webhook(endpoint.secret).verify(request.body, headers) as Delivery['payload']
    t.match(verified, { type: 'article.published', data: { id: story.id, type: 'article', slug: 'heatwave' } })
    t.same(
      [...verified.surrogateKeys].sort(),
      [`article:${story.id}`, 'articles', 'articles:latest', `section:${section.id}:articles`, `tag:${tag.id}:articles`, `author:${author.id}:articles`].sort(),
    )
    t.throws(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(request.body, headers), 'another secret does not verify')
    t.throws(() => new Webhook(endpoint.secret).verify(request.body.replace('heatwave', 'heatwav3'), headers), 'a changed body does not verify')

    const [delivery] = await deliveriesOf(endpoint.id)
    t.match(delivery, { eventType: 'article.published', status: 'DELIVERED', attemptCount: 1, nextAttemptAt: null, redeliveryOf: null })
    t.equal(delivery?.eventId, headers['webhook-id'], 'webhook-id is the event id')
    t.ok(delivery?.finishedAt)
    t.match(delivery?.attempts, [{ number: 1, responseStatus: 200, error: null, responseBody: 'answer 1' }])
    t.ok((delivery?.attempts[0]?.durationMs ?? -1) >= 0)
    t.same(delivery?.payload, verified, 'the log shows the body as sent')
    delivered = delivery!
  })

  t.test('a 500 is retried with growing backoff, on the same webhook-id and body, until it succeeds', async (t) => {
    const receiver = await startReceiver(t, answerWith(500, 500, 200))
    const endpoint = await registerEndpoint(as, receiver.url, ['tag.created'])
    await createTag('Retry me')
    const gaps: number[] = []
    for (let round = 1; round <= 3; round++) {
      await worker.deliverDue()
      t.equal(receiver.received.length, round, `attempt ${round} sent`)
      const [row] = await rows(db, sql`SELECT status, attempt_count, extract(epoch FROM next_attempt_at - last_attempt_at) * 1000 AS gap_ms FROM webhook_deliveries WHERE endpoint_id = ${endpoint.id}::uuid`)
      if (round < 3) {
        t.match(row, { status: 'pending', attempt_count: round })
        gaps.push(Number(row?.gap_ms))
        await makePendingDue(db)
      } else {
        t.match(row, { status: 'delivered', attempt_count: 3 })
      }
    }
    // Base 1000 ms: about 1 s after the first failure, 2 s after the second (±20%, plus the send).
    t.ok(gaps[0]! >= 800 && gaps[0]! <= 1400, `first wait ${Math.round(gaps[0]!)} ms`)
    t.ok(gaps[1]! >= 1600 && gaps[1]! <= 2600, `second wait ${Math.round(gaps[1]!)} ms`)
    t.ok(gaps[1]! > gaps[0]!, 'the wait grows')
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']))
    t.equal(ids.size, 1, 'one webhook-id across retries')
    t.equal(new Set(receiver.received.map((r) => r.body)).size, 1, 'the same bytes every time')
    for (const request of receiver.received) t.ok(new Webhook(endpoint.secret).verify(request.body, headersOf(request)), 'each attempt is signed')
    const [delivery] = await deliveriesOf(endpoint.id)
    t.match(delivery?.attempts, [
      { number: 1, responseStatus: 500, error: 'the endpoint answered 500', responseBody: 'answer 1' },
      { number: 2, responseStatus: 500, error: 'the endpoint answered 500' },
      { number: 3, responseStatus: 200, error: null, responseBody: 'answer 3' },
    ])
  })

  let failed!: Delivery
  t.test('after WEBHOOK_MAX_ATTEMPTS failures the delivery is failed, and left alone', async (t) => {
    const receiver = await startReceiver(t, answerWith(503))
    const endpoint = await registerEndpoint(as, receiver.url, ['author.created'])
    await as.editor(`mutation { createAuthor(input: { name: "Never Reached" }) { id } }`)
    for (let round = 0; round < 4; round++) {
      await worker.deliverDue()
      await makePendingDue(db)
    }
    t.equal(receiver.received.length, 3, 'three attempts, no fourth')
    const [delivery] = await deliveriesOf(endpoint.id, 'FAILED')
    t.match(delivery, { status: 'FAILED', attemptCount: 3, nextAttemptAt: null })
    t.ok(delivery?.finishedAt, 'given up at a known time')
    t.same(delivery?.attempts.map((a) => a.responseStatus), [503, 503, 503])
    failed = delivery!
  })

  t.test('redirects are failures and are not followed; timeouts are failures', async (t) => {
    const target = await startReceiver(t)
    const redirecting = await startReceiver(t, (_request, _index, response) => {
      response.writeHead(301, { location: target.url }).end()
    })
    const silent = await startReceiver(t, () => undefined)
    const redirectEndpoint = await registerEndpoint(as, redirecting.url, ['media.created'])
    const silentEndpoint = await registerEndpoint(as, silent.url, ['media.created'])
    await as.contributor(`mutation { createMedia(input: { url: "https://img.example/x.jpg", mimeType: "image/jpeg", alt: "x" }) { id } }`)
    await worker.deliverDue()
    t.equal(redirecting.received.length, 1)
    t.equal(target.received.length, 0, 'the redirect was not followed')
    const [redirected] = await deliveriesOf(redirectEndpoint.id)
    t.match(redirected?.attempts, [{ responseStatus: 301, error: /redirected \(301 to http:\/\/127\.0\.0\.1:\d+\/hooks\); redirects are not followed/ }])
    t.equal(redirected?.status, 'PENDING', 'to be retried')
    t.equal(silent.received.length, 1)
    const [timedOut] = await deliveriesOf(silentEndpoint.id)
    t.match(timedOut?.attempts, [{ responseStatus: null, error: 'timed out after 2000 ms' }])
    t.ok((timedOut?.attempts[0]?.durationMs ?? 0) >= 1950, `gave up after ${timedOut?.attempts[0]?.durationMs} ms`)
    await as.admin(`mutation ($a: ID!, $b: ID!) { a: deleteWebhookEndpoint(id: $a) b: deleteWebhookEndpoint(id: $b) }`, { a: redirectEndpoint.id, b: silentEndpoint.id })
  })

  t.test('disabled endpoints get nothing; re-enabled, they get what waited', async (t) => {
    const receiver = await startReceiver(t)
    const endpoint = await registerEndpoint(as, receiver.url, ['tag.updated'])
    const tagId = await createTag('Paused')
    await as.editor(`mutation ($id: ID!) { updateTag(id: $id, expectedVersion: 1, input: { name: "Paused 2" }) { id } }`, { id: tagId })
    const toggle = (enabled: boolean) =>
      as.admin(`mutation ($id: ID!, $enabled: Boolean!) { updateWebhookEndpoint(id: $id, input: { enabled: $enabled }) { enabled } }`, { id: endpoint.id, enabled })
    await toggle(false)
    await as.editor(`mutation ($id: ID!) { updateTag(id: $id, expectedVersion: 2, input: { name: "Paused 3" }) { id } }`, { id: tagId })
    await worker.drain()
    t.equal(receiver.received.length, 0, 'nothing sent while disabled')
    t.equal(await count(db, 'webhook_deliveries', sql`endpoint_id = ${endpoint.id}::uuid`), 1, 'no delivery for what happened while disabled')
    t.match(await deliveriesOf(endpoint.id), [{ status: 'PENDING', attemptCount: 0 }], 'the earlier one waits')
    const refused = await as.admin(`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: (await deliveriesOf(endpoint.id))[0]?.id })
    t.match(refused.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['deliveryId'], message: /disabled endpoint/ }] } })
    await toggle(true)
    await worker.drain()
    t.equal(receiver.received.length, 1, 'sent once enabled again')
    t.match(JSON.parse(receiver.received[0]!.body), { type: 'tag.updated', data: { version: 2 } })
  })

  t.test('redelivery: a finished delivery is sent again as a new delivery; a pending one is made due', async (t) => {
    const again = await as.admin<{ redeliverWebhook: Delivery }>(`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id status redeliveryOf eventId attemptCount attempts { number } } }`, { id: delivered.id })
    t.equal(again.errors, undefined)
    t.match(again.data.redeliverWebhook, { status: 'PENDING', redeliveryOf: delivered.id, eventId: delivered.eventId, attemptCount: 0, attempts: [] })
    t.not(again.data.redeliverWebhook.id, delivered.id)
    const retried = await as.admin<{ redeliverWebhook: Delivery }>(`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { redeliveryOf status } }`, { id: failed.id })
    t.match(retried.data.redeliverWebhook, { redeliveryOf: failed.id, status: 'PENDING' }, 'a failed one gets a fresh schedule')
    const [original] = await rows(db, sql`SELECT status FROM webhook_deliveries WHERE id = ${delivered.id}::uuid`)
    t.equal(original?.status, 'delivered', 'the original keeps its history')

    const receiver = await startReceiver(t, answerWith(500, 200))
    const endpoint = await registerEndpoint(as, receiver.url, ['promo.created'])
    await as.editor(`mutation { createPromo(input: { kind: CTA, placement: END, title: "Later" }) { id } }`)
    await worker.deliverDue()
    const [waiting] = await deliveriesOf(endpoint.id)
    t.ok(waiting && Date.parse(waiting.nextAttemptAt ?? '') > Date.now(), 'waiting out its backoff')
    const now = await as.admin<{ redeliverWebhook: Delivery }>(`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id nextAttemptAt } }`, { id: waiting?.id })
    t.equal(now.data.redeliverWebhook.id, waiting?.id, 'the same delivery')
    t.ok(Date.parse(now.data.redeliverWebhook.nextAttemptAt ?? '') <= Date.now(), 'due now')
    await worker.drain()
    t.equal(receiver.received.length, 2)
    const missing = await as.admin(`mutation { redeliverWebhook(deliveryId: "${randomUUID()}") { id } }`)
    t.equal(missing.errors?.[0]?.extensions.code, 'NOT_FOUND')
    t.equal(await count(db, 'audit_events', sql`action = 'webhook.redeliver'`), 3)
  })

  t.test('during a secret rotation both secrets verify', async (t) => {
    const receiver = await startReceiver(t)
    const endpoint = await registerEndpoint(as, receiver.url, ['section.created'])
    const rotated = await as.admin<{ rotateWebhookSecret: { secret: string } }>(`mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id: endpoint.id })
    await as.editor(`mutation { createSection(input: { name: "Rotation" }) { id } }`)
    await worker.drain()
    const request = receiver.received[0]!
    t.match(request.headers['webhook-signature'], /^v1,\S+ v1,\S+$/, 'two signatures')
    t.ok(new Webhook(rotated.data.rotateWebhookSecret.secret).verify(request.body, headersOf(request)), 'the new secret verifies')
    t.ok(new Webhook(endpoint.secret).verify(request.body, headersOf(request)), 'the old secret still verifies')
  })

  t.test('the delivery log costs two statements for any page', async (t) => {
    const { statements } = await (async () => {
      const before = database.statements.total
      await as.admin(DELIVERIES, {})
      return { statements: database.statements.total - before }
    })()
    t.ok(statements <= 4, `${statements} statements (token check included)`)
  })
})

t.test('at delivery time private addresses are refused again (DNS rebinding), and nothing is sent', async (t) => {
  const { app, database } = await buildTestApp(t, { ...workerEnv, WEBHOOK_ALLOW_PRIVATE_URLS: 'false' })
  const as = await editorClients(app, database)
  const receiver = await startReceiver(t)
  const box = new SecretBox(parseSecretsKey(SECRETS_KEY))
  const otherBox = new SecretBox(randomBytes(32))
  // As if each name had resolved to a public address when it was registered.
  const register = async (url: string, sealWith = box) => {
    const id = randomUUID()
    await database.db.insert(webhookEndpoints).values({ id, url, secretEncrypted: sealWith.seal(`whsec_${randomBytes(32).toString('base64')}`, endpointSecretContext(id)) })
    return id
  }
  const literal = await register(receiver.url)
  const named = await register(receiver.url.replace('127.0.0.1', 'localhost'))
  const wrongKey = await register('https://93.184.215.14/hook', otherBox)
  await as.editor(`mutation { createTag(input: { name: "Rebound" }) { id } }`)
  await app.webhooks!.deliverDue()
  // The worker's own first round (started when the app became ready) may have claimed them
  // first on a busy machine; stopping it waits for that round, so either way each is tried once.
  await app.webhooks!.stop()
  t.equal(await count(database.db, 'webhook_attempts'), 3, 'one attempt per endpoint')
  t.equal(receiver.received.length, 0, 'nothing reached the private address')
  const errors = Object.fromEntries(
    (await rows(database.db, sql`SELECT d.endpoint_id, a.error, a.response_status FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id`)).map((row) => [
      row.endpoint_id as string,
      row,
    ]),
  )
  t.match(errors[literal], { error: '127.0.0.1 is a loopback address', response_status: null })
  t.match(errors[named], { error: /^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/, response_status: null })
  t.match(errors[wrongKey], { error: /cannot be decrypted/ }, 'a secret sealed under another key fails the attempt, not the worker')
  t.equal(await count(database.db, 'webhook_deliveries', sql`status = 'pending' AND attempt_count = 1`), 3, 'each will be retried')
})

import { sql } from 'drizzle-orm'
import t from 'tap'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'
import { count, rows, SECRETS_KEY } from './webhook-test-kit.js'

const ENDPOINT_FIELDS = 'id url description eventTypes enabled secretCreatedAt previousSecretExpiresAt createdBy'
const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`

interface Endpoint {
  id: string
  url: string
  description: string
  eventTypes: string[]
  enabled: boolean
  secretCreatedAt: string
  previousSecretExpiresAt: string | null
}
type Created = { createWebhookEndpoint: { secret: string; endpoint: Endpoint } }

t.test('admins manage endpoints; the secret is shown once and stored encrypted', async (t) => {
  const { app, database } = await buildTestApp(t, { SECRETS_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' })
  const as = await editorClients(app, database)

  t.test('create returns a Standard Webhooks secret, once', async (t) => {
    const created = await as.admin<Created>(CREATE, {
      input: { url: 'http://127.0.0.1:9/hooks', description: ' CDN purger ', eventTypes: ['article.published', 'article.*', 'article.published'] },
    })
    t.equal(created.status, 200)
    const { secret, endpoint } = created.data.createWebhookEndpoint
    t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'whsec_ and base64 of 32 bytes')
    t.match(endpoint, { url: 'http://127.0.0.1:9/hooks', description: 'CDN purger', eventTypes: ['article.published', 'article.*'], enabled: true, previousSecretExpiresAt: null })

    const [stored] = await rows(database.db, sql`SELECT * FROM webhook_endpoints WHERE id = ${endpoint.id}::uuid`)
    const storedText = JSON.stringify(stored)
    t.notOk(storedText.includes(secret.slice('whsec_'.length)), 'the raw secret is nowhere in the row')
    t.match(stored?.secret_encrypted, /^v1:[^:]+:[^:]+:[^:]+$/, 'AES-GCM envelope')

    const listed = await as.admin<{ webhookEndpoints: Record<string, unknown>[] }>(`{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`)
    t.same(listed.data.webhookEndpoints.map((e) => e.id), [endpoint.id])
    const noSecretField = await as.admin(`{ webhookEndpoints { secret } }`)
    t.equal(noSecretField.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED', 'the list has no secret to ask for')
    const audit = await rows(database.db, sql`SELECT action, details FROM audit_events WHERE entity_id = ${endpoint.id}`)
    t.match(audit, [{ action: 'webhook.create', details: { host: '127.0.0.1:9' } }])
    t.notOk(JSON.stringify(audit).includes('whsec_'), 'the audit log never holds the secret')
  })

  t.test('update changes only the fields given; delete removes the endpoint', async (t) => {
    const created = await as.admin<Created>(CREATE, { input: { url: 'https://93.184.215.14/hook' } })
    const { id } = created.data.createWebhookEndpoint.endpoint
    t.same(created.data.createWebhookEndpoint.endpoint.eventTypes, [], 'no types: every event')
    const updated = await as.admin<{ updateWebhookEndpoint: Endpoint }>(
      `mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false, eventTypes: ["site.updated"] }) { url enabled eventTypes } }`,
      { id },
    )
    t.same(updated.data.updateWebhookEndpoint, { url: 'https://93.184.215.14/hook', enabled: false, eventTypes: ['site.updated'] })
    const empty = await as.admin(`mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: {}) { id } }`, { id })
    t.match(empty.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['input'], message: /at least one field/ }] } })

    const deleted = await as.admin<{ deleteWebhookEndpoint: string }>(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id })
    t.equal(deleted.data.deleteWebhookEndpoint, id)
    t.equal(await count(database.db, 'webhook_endpoints', sql`id = ${id}::uuid`), 0)
    const again = await as.admin(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id })
    t.equal(again.errors?.[0]?.extensions.code, 'NOT_FOUND')
    t.equal(again.status, 404)
  })

  t.test('rotating gives a new secret and keeps the old one signing for a day', async (t) => {
    const created = await as.admin<Created>(CREATE, { input: { url: 'http://127.0.0.1:9/rotate' } })
    const { endpoint, secret } = created.data.createWebhookEndpoint
    const [before] = await rows(database.db, sql`SELECT secret_encrypted FROM webhook_endpoints WHERE id = ${endpoint.id}::uuid`)
    const rotated = await as.admin<{ rotateWebhookSecret: { secret: string; endpoint: Endpoint } }>(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }`,
      { id: endpoint.id },
    )
    const next = rotated.data.rotateWebhookSecret
    t.match(next.secret, /^whsec_/)
    t.not(next.secret, secret)
    const graceHours = (Date.parse(next.endpoint.previousSecretExpiresAt ?? '') - Date.now()) / 3_600_000
    t.ok(graceHours > 23.9 && graceHours <= 24, `previous secret valid ~24 h (${graceHours.toFixed(2)})`)
    const [after] = await rows(database.db, sql`SELECT secret_encrypted, previous_secret_encrypted FROM webhook_endpoints WHERE id = ${endpoint.id}::uuid`)
    t.equal(after?.previous_secret_encrypted, before?.secret_encrypted, 'the old ciphertext became the previous one')
    const missing = await as.admin(`mutation { rotateWebhookSecret(id: "00000000-0000-4000-8000-000000000000") { secret } }`)
    t.equal(missing.errors?.[0]?.extensions.code, 'NOT_FOUND')
  })

  t.test('only admins: editors are FORBIDDEN, the public UNAUTHENTICATED', async (t) => {
    for (const [role, code] of [['editor', 'FORBIDDEN'], ['contributor', 'FORBIDDEN'], ['public', 'UNAUTHENTICATED']] as const) {
      const before = await count(database.db, 'webhook_endpoints')
      const create = await as[role](CREATE, { input: { url: 'http://127.0.0.1:9/nope' } })
      t.equal(create.errors?.[0]?.extensions.code, code, `${role} create`)
      t.equal(await count(database.db, 'webhook_endpoints'), before, `${role} created nothing`)
      const list = await as[role](`{ webhookEndpoints { id } }`)
      t.equal(list.errors?.[0]?.extensions.code, code, `${role} list`)
      const deliveries = await as[role](`{ webhookDeliveries { id } }`)
      t.equal(deliveries.errors?.[0]?.extensions.code, code, `${role} deliveries`)
    }
  })

  t.test('bad input is BAD_USER_INPUT with the field path, never a 500', async (t) => {
    const cases: [Record<string, unknown>, (string | number)[], RegExp][] = [
      [{ url: 'ftp://example.com/x' }, ['input', 'url'], /http/],
      [{ url: 'not a url' }, ['input', 'url'], /http/],
      [{ url: 'https://user:pass@example.com/x' }, ['input', 'url'], /username or password/],
      [{ url: `https://example.com/${'x'.repeat(2100)}` }, ['input', 'url'], /2048/],
      [{ url: 'https://93.184.215.14/', eventTypes: ['article.exploded'] }, ['input', 'eventTypes', 0], /not an event type/],
      [{ url: 'https://93.184.215.14/', description: 'x'.repeat(501) }, ['input', 'description'], /500/],
    ]
    for (const [input, path, message] of cases) {
      const response = await as.admin(CREATE, { input })
      t.equal(response.status, 400, JSON.stringify(input).slice(0, 60))
      t.match(response.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', problems: [{ path, message }] })
    }
    const badId = await as.admin(`{ webhookDeliveries(endpointId: "nope") { id } }`)
    t.match(badId.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', problems: [{ path: ['endpointId'] }] })
    const tooMany = await as.admin(`{ webhookDeliveries(first: 1000) { id } }`)
    t.match(tooMany.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', problems: [{ path: ['first'] }] })
    const redeliver = await as.admin(`mutation { redeliverWebhook(deliveryId: "x") { id } }`)
    t.match(redeliver.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', problems: [{ path: ['deliveryId'] }] })
  })
})

t.test('the URL guard refuses private destinations unless they are allowed', async (t) => {
  const { app, database } = await buildTestApp(t, { SECRETS_KEY })
  const as = await editorClients(app, database)
  const refused: [string, RegExp][] = [
    ['http://127.0.0.1:8080/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://10.1.2.3/hook', /10\.1\.2\.3 is a private address/],
    ['http://[::1]/hook', /::1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback/],
    ['http://2130706433/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://localhost:3000/hook', /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    ['http://100.64.0.1/hook', /carrier-grade NAT/],
    ['http://[fd12::1]/hook', /unique-local/],
    ['http://0.0.0.0/hook', /unspecified/],
  ]
  for (const [url, message] of refused) {
    const response = await as.admin(CREATE, { input: { url } })
    t.match(response.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['input', 'url'], message }] } }, url)
  }
  t.equal(await count(database.db, 'webhook_endpoints'), 0, 'nothing was registered')
  const unresolvable = await as.admin(CREATE, { input: { url: 'https://no-such-host.invalid/hook' } })
  t.match(unresolvable.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['input', 'url'], message: /could not be resolved/ }] } })

  const publicAddress = await as.admin<Created>(CREATE, { input: { url: 'https://93.184.215.14/hook' } })
  t.ok(publicAddress.data.createWebhookEndpoint.endpoint.id, 'a public address is accepted')
  const moveInside = await as.admin(`mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { url: "http://192.168.1.10/" }) { url } }`, {
    id: publicAddress.data.createWebhookEndpoint.endpoint.id,
  })
  t.match(moveInside.errors?.[0], { extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['input', 'url'], message: /private address/ }] } }, 'updates are guarded too')
})

t.test('without SECRETS_KEY, endpoints cannot be created (503, says why)', async (t) => {
  const { app, database } = await buildTestApp(t, {})
  const as = await editorClients(app, database)
  const response = await as.admin(CREATE, { input: { url: 'https://93.184.215.14/hook' } })
  t.equal(response.status, 503)
  t.match(response.errors?.[0], { extensions: { code: 'SERVICE_UNAVAILABLE' }, message: /SECRETS_KEY/ })
  t.equal(await count(database.db, 'webhook_endpoints'), 0)
})

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { spawnServer } from '../helpers/spawn-server.js'
import { startReceiver, type Received } from './receiver.js'

async function asAdmin(baseUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] }
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

// The embedded database only: with DATABASE_URL the key must come from SECRETS_KEY.
t.test('the embedded server keeps its secrets key across restarts, so stored secrets still sign', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'masthead-webhook-server-'))
  t.teardown(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })
  const receiver = await startReceiver(t)
  const env = { DATA_DIR: dataDir, SEED_DEMO_CONTENT: 'false', WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '50' }

  const first = await spawnServer(env)
  const keyFile = path.join(dataDir, 'secrets-key')
  t.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is readable by its owner only')
  const token = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim()
  const created = await asAdmin(first.baseUrl, token, `mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: ["tag.created"] }) { secret } }`, { url: receiver.url })
  const secret = (created.data?.createWebhookEndpoint as { secret: string }).secret
  t.match(secret, /^whsec_/)
  t.notOk(first.output().includes(secret.slice(6)), 'the secret is never printed')
  t.notOk(first.output().includes(readFileSync(keyFile, 'utf8').trim()), 'nor the key')
  t.equal(await first.stop(), 0)

  const second = await spawnServer(env)
  t.teardown(() => second.stop())
  await asAdmin(second.baseUrl, token, `mutation { createTag(input: { name: "After restart" }) { id } }`)
  await until(() => receiver.received.length > 0)
  const request: Received = receiver.received[0]!
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]))
  t.match(new Webhook(secret).verify(request.body, headers), { type: 'tag.created' }, 'signed with the secret stored before the restart')
})

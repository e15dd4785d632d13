import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { retryDelayMs, MAX_RETRY_DELAY_MS } from '../../src/webhooks/retry-schedule.js'
import { parseSecretsKey, SecretBox } from '../../src/webhooks/secret-box.js'
import { loadOrCreateSecretsKey } from '../../src/webhooks/secrets-key-file.js'
import { generateSigningSecret, signatureHeader } from '../../src/webhooks/signing.js'

t.test('signatures are what Standard Webhooks verifies', (t) => {
  const secret = generateSigningSecret()
  t.match(secret, /^whsec_/)
  t.equal(Buffer.from(secret.slice(6), 'base64').length, 32, '32 random bytes')
  const body = JSON.stringify({ type: 'article.published', data: { id: 'a' } })
  const timestamp = Math.floor(Date.now() / 1000)
  const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([secret], 'evt-1', timestamp, body) }
  t.same(new Webhook(secret).verify(body, headers), JSON.parse(body))
  t.equal(headers['webhook-signature'], new Webhook(secret).sign('evt-1', new Date(timestamp * 1000), body), 'byte for byte what the reference library signs')
  t.throws(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'evt-2' }), 'the id is signed')
  const other = generateSigningSecret()
  const both = signatureHeader([other, secret], 'evt-1', timestamp, body)
  t.ok(new Webhook(secret).verify(body, { ...headers, 'webhook-signature': both }), 'two secrets: either verifies')
  t.ok(new Webhook(other).verify(body, { ...headers, 'webhook-signature': both }))
  t.end()
})

t.test('secrets are sealed with AES-256-GCM, bound to their row', (t) => {
  const box = new SecretBox(randomBytes(32))
  const sealed = box.seal('whsec_abc', 'webhook-endpoint:1')
  t.not(sealed, box.seal('whsec_abc', 'webhook-endpoint:1'), 'a fresh IV each time')
  t.notOk(sealed.includes('abc'))
  t.equal(box.open(sealed, 'webhook-endpoint:1'), 'whsec_abc')
  t.throws(() => box.open(sealed, 'webhook-endpoint:2'), /cannot be decrypted/, 'copied onto another row, it does not open')
  t.throws(() => new SecretBox(randomBytes(32)).open(sealed, 'webhook-endpoint:1'), /cannot be decrypted/, 'another key does not open it')
  const [version, iv, tag, ciphertext] = sealed.split(':')
  const flipped = Buffer.from(ciphertext!, 'base64')
  flipped[0] = (flipped[0] ?? 0) ^ 1
  t.throws(() => box.open([version, iv, tag, flipped.toString('base64')].join(':'), 'webhook-endpoint:1'), /cannot be decrypted/, 'tampering is detected')
  t.equal(JSON.stringify({ box }), '{"box":"[SecretBox]"}', 'never serialised with its key')
  t.equal(parseSecretsKey('ab'.repeat(32)).length, 32, 'hex')
  t.equal(parseSecretsKey(randomBytes(32).toString('base64')).length, 32, 'base64')
  t.throws(() => parseSecretsKey(randomBytes(16).toString('base64')), /32 bytes/)
  t.end()
})

t.test('the embedded database keeps its key in DATA_DIR, readable only by the owner', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'masthead-key-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const key = await loadOrCreateSecretsKey(dataDir)
  t.equal(parseSecretsKey(key).length, 32)
  const file = path.join(dataDir, 'secrets-key')
  t.equal((await stat(file)).mode & 0o777, 0o600)
  t.equal((await readFile(file, 'utf8')).trim(), key)
  t.equal(await loadOrCreateSecretsKey(dataDir), key, 'the same key on the next start')
  await writeFile(file, 'garbage\n')
  await t.rejects(loadOrCreateSecretsKey(dataDir), /not hold a valid key/, 'a damaged key file stops the start instead of being replaced')
})

t.test('retries back off exponentially with ±20% jitter, at most six hours', (t) => {
  t.equal(retryDelayMs(1, 30_000, () => 0.5), 30_000)
  t.equal(retryDelayMs(2, 30_000, () => 0.5), 60_000)
  t.equal(retryDelayMs(5, 30_000, () => 0.5), 480_000)
  t.equal(retryDelayMs(1, 30_000, () => 0), 24_000, '-20%')
  t.equal(retryDelayMs(1, 30_000, () => 1), 36_000, '+20%')
  t.equal(retryDelayMs(20, 30_000, () => 1), MAX_RETRY_DELAY_MS, 'capped at six hours')
  for (let attempt = 1; attempt <= 12; attempt++) {
    const delay = retryDelayMs(attempt, 30_000)
    const nominal = 30_000 * 2 ** (attempt - 1)
    const [low, high] = [Math.min(nominal * 0.8, MAX_RETRY_DELAY_MS), Math.min(nominal * 1.2, MAX_RETRY_DELAY_MS)]
    t.ok(delay >= Math.floor(low) && delay <= Math.ceil(high), `attempt ${attempt}: ${delay} ms`)
  }
  t.end()
})

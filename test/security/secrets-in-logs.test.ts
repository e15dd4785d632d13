import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { spawnServer } from '../helpers/spawn-server.js'

const run = promisify(execFile)

// The redaction options apply only when buildApp makes its own logger, and pino writes to file
// descriptor 1, so the app runs in a process of its own whose stdout is the log. It starts now and
// runs while the start-up test below runs its servers.
const probe = run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/security/fixtures/secret-log-probe.ts')], {
  cwd: projectRoot,
  env: process.env,
  maxBuffer: 32 * 1024 * 1024,
})
// Reported by the test that reads it; this only keeps an early failure from going unhandled meanwhile.
probe.catch(() => undefined)

t.test('the admin token, set or bootstrapped, is never printed at start-up', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'masthead-secrets-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))

  // No ADMIN_TOKEN on a fresh embedded database: one is issued into a file, and only its path is shown.
  const bootstrapped = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'trace', WEBHOOK_DELIVERY: 'false' })
  const fileToken = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim()
  const used = await fetch(`${bootstrapped.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fileToken}` },
    body: JSON.stringify({ query: '{ apiTokens { name } }' }),
  })
  t.equal(used.status, 200, 'the bootstrapped token works')
  await bootstrapped.stop()
  t.match(bootstrapped.output(), /Admin token written to/, 'the file is announced')
  t.notOk(bootstrapped.output().includes(fileToken), 'the bootstrapped token is not in the output')

  // ADMIN_TOKEN from the environment, used once, at trace level.
  const adminToken = `env-admin-${randomBytes(24).toString('hex')}`
  const configured = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'trace', WEBHOOK_DELIVERY: 'false', ADMIN_TOKEN: adminToken })
  const withEnvToken = await fetch(`${configured.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query: '{ apiTokens { name } }' }),
  })
  t.equal(withEnvToken.status, 200, 'the configured token works')
  await configured.stop()
  t.match(configured.output(), /incoming request/, 'requests were logged at trace level')
  t.notOk(configured.output().includes(adminToken), 'ADMIN_TOKEN is not in the output')
})

t.test('no token, cookie, webhook secret or signature reaches the logs, at trace level, on any path', async (t) => {
  const { stdout, stderr } = await probe
  const report = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as { secrets: string[]; statuses: Record<string, number>; deliveries: number }
  t.match(
    report.statuses,
    {
      'editor read': 200,
      'admin token': 200,
      'unknown token REST': 401,
      'unknown token GraphQL': 401,
      'Basic credentials': 401,
      'cookie and token on a 404': 404,
      'contributor forbidden': 403,
      'contributor forbidden REST': 403,
      'revoked token': 401,
      'revoked token REST': 401,
      'malformed JSON with a token': 400,
      'malformed REST JSON with a token': 400,
      'token in a syntax error': 400,
      'register webhook': 200,
      'rotate webhook secret': 200,
      'refused webhook URL with credentials': 400,
    },
    'the probe took every path it meant to',
  )
  t.ok(report.deliveries >= 1, 'a signed webhook delivery was attempted (and failed, so it was logged)')

  const lines = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg?: string })
  t.ok(lines.filter((line) => line.msg === 'incoming request').length >= Object.keys(report.statuses).length, 'every request was logged')
  t.ok(lines.some((line) => line.msg === 'webhook attempt failed'), 'the failed delivery was logged')

  t.ok(report.secrets.length >= 12, `${report.secrets.length} secrets to look for`)
  for (const secret of report.secrets) {
    t.ok(secret.length >= 20, 'a secret long enough not to match by chance')
    t.notOk(stdout.includes(secret), `${secret.slice(0, 8)}… is nowhere in the log`)
  }
  t.notMatch(stdout, /Bearer |bearer |Basic |whsec_/, 'no credential in any form')
})

import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'

const run = promisify(execFile)

// The app's pino writes straight to file descriptor 1, and the redaction options are applied only
// when no logger is passed to buildApp, so the real configuration is tested in a process of its
// own (fixtures/log-probe.ts) whose stdout is the log.
t.test('the Authorization header never reaches the logs, even at trace level', async (t) => {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/auth/fixtures/log-probe.ts')], {
    cwd: projectRoot,
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  })
  const report = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as { secrets: string[]; statuses: number[] }
  t.same(report.statuses, [200, 200, 200, 401, 401, 404], 'the probe sent what it meant to')

  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg?: string; headers?: Record<string, string> })
  t.ok(lines.filter((line) => line.msg === 'incoming request').length >= 6, 'every request was logged')
  t.ok(lines.filter((line) => line.msg === 'request completed').length >= 6, 'and every response')

  const logged = lines.find((line) => line.msg === 'probe: request headers')
  t.equal(logged?.headers?.authorization, '[Redacted]', 'headers logged by a handler have the token redacted')
  t.ok(logged?.headers?.host, 'the other headers are kept')

  t.equal(report.secrets.length, 4)
  for (const secret of report.secrets) {
    t.notOk(stdout.includes(secret), `${secret.slice(0, 6)}… is nowhere in the log`)
  }
  t.notMatch(stdout, /Bearer |Basic /, 'no Authorization value in any form')
})

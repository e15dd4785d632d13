import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { databaseTargetFromConfig, openDatabase } from '../../src/db/open-database.js'
import { auditEvents } from '../../src/db/tables/audit-events.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { projectRoot } from '../../src/paths.js'
import { openTestDatabase } from '../helpers/test-database.js'

interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** `npm run token -- …` as a process of its own, with only the given environment. */
function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'src/cli/token-cli.ts'), ...args],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
      },
    )
  })
}

const STACK = /at .*\.[tj]s:\d+/

// Each run that opens the database costs a PGlite start (seconds), so they are few and shared.
t.test('create, list, revoke, list: the operator manages tokens from a terminal', async (t) => {
  // The embedded database in a temporary DATA_DIR; on a PostgreSQL run, a database of its own there.
  let env: Record<string, string>
  if (process.env.TEST_DATABASE_URL) {
    const server = await openTestDatabase()
    await server.database.close()
    t.teardown(server.drop)
    env = { DATABASE_URL: server.url! }
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'masthead-token-cli-'))
    t.teardown(() => {
      rmSync(dataDir, { recursive: true, force: true })
    })
    env = { DATA_DIR: dataDir }
  }

  const created = await runCli(['create', '--role', 'editor', '--name', 'news desk'], env)
  t.equal(created.code, 0, created.stderr)
  const token = /\b(mh_[\w-]{43})\b/.exec(created.stdout)?.[1]
  t.ok(token, 'the token is printed')
  const id = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(created.stdout)?.[1]
  t.ok(id, 'with its id')
  t.match(created.stdout, /editor/)
  t.match(created.stdout, /news desk/)
  t.match(created.stdout, /will NOT be shown again/, 'with a warning that it is shown only once')
  const prefix = token!.slice(0, 9)

  const listed = await runCli(['list'], env)
  t.equal(listed.code, 0, listed.stderr)
  t.match(listed.stdout, /^id\s+prefix\s+role\s+name\s+created\s+last used\s+revoked$/m, 'a table with a header')
  const row = listed.stdout.split('\n').find((line) => line.includes(prefix))
  t.ok(row, 'the token is listed by its prefix')
  t.match(row, new RegExp(`^${id!}\\s+${prefix}\\s+editor\\s+news desk\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ\\s+never\\s+-$`))
  t.notOk(listed.stdout.includes(token!), 'never the secret')
  t.notOk(listed.stdout.includes(token!.slice(0, 12)), 'nor more than the prefix of it')

  const revoked = await runCli(['revoke', prefix], env)
  t.equal(revoked.code, 0, revoked.stderr)
  t.match(revoked.stdout, `Revoked token ${id!}`)

  const active = await runCli(['list'], env)
  t.equal(active.code, 0)
  t.notOk(active.stdout.includes(prefix), 'a revoked token is not in the list')
  t.match(active.stdout, /No active tokens/)

  const all = await runCli(['list', '--all'], env)
  t.equal(all.code, 0)
  const revokedRow = all.stdout.split('\n').find((line) => line.includes(prefix))
  t.match(revokedRow, /\d\d:\d\dZ$/, '--all shows it, with when it was revoked')

  const unknown = await runCli(['revoke', 'mh_nothing'], env)
  t.equal(unknown.code, 1, 'revoking an unknown token exits 1')
  t.match(unknown.stderr, /No active token found for mh_nothing/)
  t.notMatch(unknown.stderr, STACK, 'with no stack trace')

  const empty = await runCli(['create', '--role', 'editor', '--name', '  '], env)
  t.equal(empty.code, 1, 'a name that is only spaces is refused by the service: exit 1')
  t.match(empty.stderr, /name: must not be empty/)
  t.notMatch(empty.stderr, STACK)

  // What the runs did, read from the database itself.
  const database = await openDatabase(databaseTargetFromConfig(loadConfig(env)), () => undefined)
  t.teardown(() => database.close())
  const rows = resultRows(await database.db.execute(sql`SELECT * FROM api_tokens`))
  t.same(
    rows.map((stored) => [stored.id, stored.name, stored.role, stored.prefix, stored.created_by, stored.revoked_at !== null]),
    [[id, 'news desk', 'editor', prefix, OPERATOR.actorName, true]],
  )
  t.notOk(JSON.stringify(rows).includes(token!), 'only the hash is stored')
  const events = await database.db.select().from(auditEvents).orderBy(auditEvents.id)
  t.same(
    events.map((event) => [event.action, event.entityId, event.actorName, event.actorRole]),
    [
      ['token.create', id, OPERATOR.actorName, 'admin'],
      ['token.revoke', id, OPERATOR.actorName, 'admin'],
    ],
    'audited as the operator',
  )
})

t.test('bad usage prints the usage and exits 2, before touching a database', async (t) => {
  // A DATA_DIR that cannot be created: any run that opened the database would fail differently.
  const env = { DATA_DIR: '/dev/null/masthead' }
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /no command given/],
    ['an unknown command', ['rotate'], /unknown command: rotate/],
    ['create without --role', ['create', '--name', 'x'], /create needs --role/],
    ['create with an unknown role', ['create', '--role', 'owner', '--name', 'x'], /--role must be one of admin, editor, contributor, preview/],
    ['create without --name', ['create', '--role', 'editor'], /create needs --name/],
    ['revoke without a token', ['revoke'], /revoke takes exactly one/],
    ['an unknown option', ['list', '--everything'], /Unknown option '--everything'/],
    ['an option for another command', ['list', '--role', 'admin'], /list does not take --role/],
  ]
  const results = await Promise.all(cases.map(([, args]) => runCli(args, env)))
  cases.forEach(([label, , message], index) => {
    const result = results[index]!
    t.equal(result.code, 2, `${label}: exit 2`)
    t.match(result.stderr, message, `${label}: says what is wrong`)
    t.match(result.stderr, /Usage:\n\s+npm run token -- create --role/, `${label}: prints the usage`)
    t.notMatch(result.stderr, STACK, `${label}: no stack trace`)
    t.equal(result.stdout, '')
  })

  const help = await runCli(['--help'], env)
  t.equal(help.code, 0, '--help is not a mistake')
  t.match(help.stdout, /Usage:/)
})

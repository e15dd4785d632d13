import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { bootstrapAdminToken } from '../../src/auth/bootstrap-admin-token.js'
import { apiTokens } from '../../src/db/tables/api-tokens.js'
import { auditEvents } from '../../src/db/tables/audit-events.js'
import { issueToken, OPERATOR, revokeToken } from '../../src/domain/tokens/tokens.service.js'
import { spawnServer } from '../helpers/spawn-server.js'
import { buildTestApp } from '../helpers/test-app.js'

function tempDir(t: { teardown(fn: () => unknown): void }, prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

const modeOf = (file: string) => statSync(file).mode & 0o777
const readToken = (file: string) => readFileSync(file, 'utf8').trim()

// One database for these: each start costs seconds. Tests that need a database with no token
// ever issued start by deleting them, which is what a fresh database looks like to the bootstrap.
t.test('bootstrapAdminToken', async (t) => {
  const { app, database } = await buildTestApp(t)
  const forgetTokens = async () => {
    await database.db.delete(auditEvents)
    await database.db.delete(apiTokens)
  }

  t.test('the first start writes an owner-only admin token, once', async (t) => {
    const dataDir = path.join(tempDir(t, 'masthead-bootstrap-'), 'not-yet-there')

    const file = await bootstrapAdminToken(database.db, dataDir)
    t.equal(file, path.join(dataDir, 'admin-token'), 'returns the path, creating the folder')
    t.equal(modeOf(file!), 0o600, 'readable and writable by the owner only')
    t.same(readdirSync(dataDir), ['admin-token'], 'no temporary file left behind')
    const token = readToken(file!)
    t.match(token, /^mh_[\w-]{43}$/)

    const rows = await database.db.select().from(apiTokens)
    t.same(
      rows.map((row) => [row.name, row.role, row.prefix, row.createdBy, row.revokedAt]),
      [['bootstrap admin', 'admin', token.slice(0, 9), OPERATOR.actorName, null]],
    )
    t.same(
      (await database.db.select().from(auditEvents)).map((event) => [event.action, event.actorName]),
      [['token.create', OPERATOR.actorName]],
    )

    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${token}` },
      payload: { query: '{ site { name } }' },
    })
    t.equal(response.statusCode, 200, 'the token authenticates')
    t.notOk(response.json<{ errors?: unknown }>().errors)

    const before = statSync(file!)
    t.equal(await bootstrapAdminToken(database.db, dataDir), undefined, 'a second call does nothing')
    t.equal(readToken(file!), token, 'the file is untouched')
    t.equal(statSync(file!).mtimeMs, before.mtimeMs)
    t.same(readdirSync(dataDir), ['admin-token'])
    t.equal((await database.db.select().from(apiTokens)).length, 1, 'no second token')

    await revokeToken(database.db, OPERATOR, token.slice(0, 9))
    t.equal(await bootstrapAdminToken(database.db, dataDir), undefined, 'a revoked token still counts: an operator revoked it on purpose')
    t.equal((await database.db.select().from(apiTokens)).length, 1)
  })

  t.test('no bootstrap token on a database that has tokens already', async (t) => {
    await forgetTokens()
    const dataDir = tempDir(t, 'masthead-bootstrap-')
    await issueToken(database.db, OPERATOR, { name: 'news desk', role: 'editor' })
    t.equal(await bootstrapAdminToken(database.db, dataDir), undefined)
    t.same(readdirSync(dataDir), [], 'no file written')
    t.equal((await database.db.select().from(apiTokens)).length, 1)
  })

  t.test('a stale file is replaced, owner-only whatever the umask', async (t) => {
    await forgetTokens()
    const dataDir = tempDir(t, 'masthead-bootstrap-')
    const file = path.join(dataDir, 'admin-token')
    // Left by an earlier database that was deleted: its token is worthless now.
    writeFileSync(file, 'mh_stale\n', { mode: 0o644 })
    const umask = process.umask(0o277)
    t.teardown(() => process.umask(umask))

    t.equal(await bootstrapAdminToken(database.db, dataDir), file)
    t.equal(modeOf(file), 0o600, 'exactly 0600 even with a umask that would leave 0400')
    const token = readToken(file)
    t.not(token, 'mh_stale')
    t.equal((await database.db.select().from(apiTokens))[0]?.prefix, token.slice(0, 9), 'the file holds the stored token')
  })

  t.test('when the file cannot be written no token is left behind', async (t) => {
    await forgetTokens()
    const blocker = path.join(tempDir(t, 'masthead-bootstrap-'), 'a-file')
    writeFileSync(blocker, '')
    await t.rejects(bootstrapAdminToken(database.db, path.join(blocker, 'data')), { code: 'ENOTDIR' })
    t.same(await database.db.select().from(apiTokens), [], 'the token insert was rolled back')
    t.same(await database.db.select().from(auditEvents), [], 'and its audit event')
  })
})

t.test('the server prints where the admin token is, never the token', async (t) => {
  const dataDir = tempDir(t, 'masthead-bootstrap-server-')
  const server = await spawnServer({ DATA_DIR: dataDir })
  t.teardown(() => server.stop())
  const file = path.join(dataDir, 'admin-token')
  t.match(server.output(), `Admin token written to ${file} (readable only by you)`)
  t.match(server.output(), 'npm run token -- create')
  t.equal(modeOf(file), 0o600)
  const token = readToken(file)
  t.notOk(server.output().includes(token), 'the token is not in the output')
  t.notOk(server.output().includes(token.slice(3, 12)), 'nor a piece of it')

  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ site { name } }' }),
  })
  t.equal(response.status, 200, 'the token from the file works against the running server')
  t.equal(await server.stop(), 0)
})

import { eq, inArray, sql } from 'drizzle-orm'
import t from 'tap'
import { hashToken } from '../../src/auth/api-token.js'
import type { Db } from '../../src/db/database.js'
import { apiTokens } from '../../src/db/tables/api-tokens.js'
import { auditEvents } from '../../src/db/tables/audit-events.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { issueToken, listTokens, OPERATOR, revokeToken } from '../../src/domain/tokens/tokens.service.js'
import { BadUserInputError, DomainError } from '../../src/errors.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const SITE = '{ site { name } }'
const ADMIN_TOKEN = 'x'.repeat(40)

/** POST /graphql with the given Authorization header (none when undefined). */
async function graphqlAs(app: TestApp['app'], authorization: string | undefined, query = SITE) {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: authorization === undefined ? {} : { authorization },
    payload: { query },
  })
  return { status: response.statusCode, headers: response.headers, body: response.json<Record<string, unknown>>() }
}

async function tokenRow(db: Db, id: string) {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id))
  return row!
}

// One app (with ADMIN_TOKEN set) and one database for the whole file: each start costs seconds.
t.test('authentication', async (t) => {
  const { app, database } = await buildTestApp(t, { ADMIN_TOKEN })

  t.test('without an Authorization header a request is the public', async (t) => {
    const response = await graphqlAs(app, undefined)
    t.equal(response.status, 200)
    t.type((response.body.data as { site: { name: unknown } }).site.name, 'string')
    t.notOk(response.body.errors)
    t.equal((await app.inject('/healthz')).statusCode, 200)
  })

  t.test('a valid token is accepted and its use is recorded', async (t) => {
    const { token, record } = await issueToken(database.db, OPERATOR, { name: 'news desk', role: 'editor' })
    t.equal((await tokenRow(database.db, record.id)).lastUsedAt, null, 'never used yet')

    const response = await graphqlAs(app, `Bearer ${token}`)
    t.equal(response.status, 200)
    t.notOk(response.body.errors)
    const used = await tokenRow(database.db, record.id)
    t.type(used.lastUsedAt, Date, 'last_used_at is set')
    t.ok(Date.now() - used.lastUsedAt!.getTime() < 60_000, 'to about now')

    t.equal((await graphqlAs(app, `bearer   ${token}`)).status, 200, 'the scheme is case-insensitive')
  })

  t.test('a bad or revoked token is refused with 401, never treated as the public', async (t) => {
    const { token: revoked } = await issueToken(database.db, OPERATOR, { name: 'gone', role: 'admin' })
    await revokeToken(database.db, OPERATOR, revoked.slice(0, 9))
    const cases: [string, string][] = [
      ['an unknown token', 'Bearer mh_' + 'A'.repeat(43)],
      ['Basic credentials', 'Basic abc'],
      ['Bearer with no token', 'Bearer'],
      ['Bearer with only spaces', 'Bearer    '],
      ['a revoked token', `Bearer ${revoked}`],
    ]
    for (const [label, authorization] of cases) {
      const graphql = await graphqlAs(app, authorization)
      t.equal(graphql.status, 401, `${label}: POST /graphql is 401`)
      t.match(graphql.body, { data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] }, `${label}: GraphQL-shaped body`)
      t.type((graphql.body.errors as { message: unknown }[])[0]?.message, 'string')
      t.equal(graphql.headers['www-authenticate'], 'Bearer', `${label}: says which scheme to use`)

      const health = await app.inject({ url: '/healthz', headers: { authorization } })
      t.equal(health.statusCode, 401, `${label}: GET /healthz is 401`)
      t.match(health.json(), { error: { code: 'UNAUTHENTICATED' } }, `${label}: REST-shaped body`)
      t.equal(health.headers['www-authenticate'], 'Bearer')
    }
  })

  t.test('ADMIN_TOKEN from the environment is accepted, and only exactly', async (t) => {
    const adminToken = ADMIN_TOKEN
    t.equal((await graphqlAs(app, `Bearer ${adminToken}`)).status, 200)

    const oneOff = `${'x'.repeat(39)}y`
    const refused = await graphqlAs(app, `Bearer ${oneOff}`)
    t.equal(refused.status, 401, 'one character different')
    t.match(refused.body, { data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] })
    t.equal((await graphqlAs(app, `Bearer ${adminToken}x`)).status, 401, 'one character longer')
    t.equal((await graphqlAs(app, `Bearer ${adminToken.slice(1)}`)).status, 401, 'one character shorter')
    const stored = await database.db.select().from(apiTokens)
    t.notOk(stored.some((row) => row.tokenHash === hashToken(ADMIN_TOKEN) || row.name === 'ADMIN_TOKEN'), 'ADMIN_TOKEN is not stored')
    t.notOk(stored.some((row) => row.lastUsedAt !== null && row.role === 'admin'), 'nor does using it touch a stored token')
  })

  t.test('tokens are stored hashed, with only a short prefix in clear', async (t) => {
    const { token, record } = await issueToken(database.db, OPERATOR, { name: 'news desk', role: 'editor' })
    t.match(token, /^mh_[\w-]{43}$/, 'mh_ and 256 bits in base64url')
    t.same(
      { name: record.name, role: record.role, createdBy: record.createdBy, revokedAt: record.revokedAt },
      { name: 'news desk', role: 'editor', createdBy: OPERATOR.actorName, revokedAt: null },
    )
    t.notOk('token' in record, 'the returned record has no secret in it')

    const rows = resultRows(await database.db.execute(sql`SELECT * FROM api_tokens WHERE id = ${record.id}`))
    t.equal(rows.length, 1)
    const stored = JSON.stringify(rows)
    t.notOk(stored.includes(token), 'the token appears nowhere in its row')
    t.notOk(stored.includes(token.slice(3, 20)), 'nor any long piece of it')
    const everything = JSON.stringify(resultRows(await database.db.execute(sql`SELECT * FROM api_tokens`)))
    t.notOk(everything.includes(token), 'nor in any other row')
    const row = rows[0]!
    t.match(row.token_hash, /^[0-9a-f]{64}$/, 'a SHA-256 digest')
    t.equal(row.prefix, token.slice(0, 9), 'the prefix is the first characters only')
    t.ok(String(row.prefix).length < token.length / 4)
  })

  t.test('revoking: by prefix or id, once, effective on the next request, audited', async (t) => {
    const db = database.db
    const first = await issueToken(db, OPERATOR, { name: 'by prefix', role: 'contributor' })
    const second = await issueToken(db, OPERATOR, { name: 'by id', role: 'preview' })
    t.equal((await graphqlAs(app, `Bearer ${first.token}`)).status, 200, 'works before revoking')

    const revoked = await revokeToken(db, OPERATOR, first.record.prefix)
    t.equal(revoked.id, first.record.id, 'the prefix found the token')
    t.type(revoked.revokedAt, Date)
    t.type((await tokenRow(db, first.record.id)).revokedAt, Date, 'revoked_at is set in the table')
    t.equal((await graphqlAs(app, `Bearer ${first.token}`)).status, 401, 'refused on the next request')

    await t.rejects(revokeToken(db, OPERATOR, first.record.prefix), { code: 'NOT_FOUND' }, 'revoking twice is NOT_FOUND')
    await t.rejects(revokeToken(db, OPERATOR, first.record.id), { code: 'NOT_FOUND' }, 'by id too')
    await t.rejects(revokeToken(db, OPERATOR, 'mh_nothing'), { code: 'NOT_FOUND' })

    await revokeToken(db, OPERATOR, second.record.id)
    const ids = [first.record.id, second.record.id]
    t.notOk((await listTokens(db)).some((row) => ids.includes(row.id)), 'revoked tokens are not listed')
    t.same(
      (await listTokens(db, true))
        .filter((row) => ids.includes(row.id))
        .map((row) => [row.name, row.revokedAt instanceof Date])
        .sort(),
      [['by id', true], ['by prefix', true]],
      'unless revoked ones are asked for',
    )

    const events = await db.select().from(auditEvents).where(inArray(auditEvents.entityId, ids)).orderBy(auditEvents.id)
    t.same(
      events.map((event) => [event.action, event.entityType, event.entityId, event.actorId, event.actorName, event.actorRole]),
      [
        ['token.create', 'api_token', first.record.id, null, OPERATOR.actorName, 'admin'],
        ['token.create', 'api_token', second.record.id, null, OPERATOR.actorName, 'admin'],
        ['token.revoke', 'api_token', first.record.id, null, OPERATOR.actorName, 'admin'],
        ['token.revoke', 'api_token', second.record.id, null, OPERATOR.actorName, 'admin'],
      ],
      'one audit event per write, none for refused revokes',
    )
    t.same(events[0]?.details, { name: 'by prefix', role: 'contributor' })
    t.notOk(JSON.stringify(events).includes(first.token), 'no secret in the audit log')
  })

  t.test('issueToken refuses bad input, listing every bad field', async (t) => {
    const [tokensBefore, eventsBefore] = [await database.db.$count(apiTokens), await database.db.$count(auditEvents)]
    const error = await issueToken(database.db, OPERATOR, { name: '   ', role: 'owner' }).then(
      () => undefined,
      (error: unknown) => error,
    )
    t.type(error, BadUserInputError)
    const refused = error as DomainError
    t.equal(refused.code, 'BAD_USER_INPUT')
    t.equal(refused.statusCode, 400)
    t.same((refused.details.problems as { path: string[] }[]).map((problem) => problem.path).sort(), [['name'], ['role']])
    t.match(refused.message, /name: must not be empty/)

    await t.rejects(issueToken(database.db, OPERATOR, { role: 'editor' }), { code: 'BAD_USER_INPUT', details: { problems: [{ path: ['name'] }] } })
    t.equal(await database.db.$count(apiTokens), tokensBefore, 'nothing was stored')
    t.equal(await database.db.$count(auditEvents), eventsBefore, 'nor audited')
  })
})

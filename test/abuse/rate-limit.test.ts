import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import t from 'tap'
import { apiTokens } from '../../src/db/tables/api-tokens.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { buildTestApp } from '../helpers/test-app.js'

const query = `/graphql?query=${encodeURIComponent('{ site { name } }')}`

t.test('each token and each public address has its own budget, answered 429 with Retry-After', async (t) => {
  const { app, database } = await buildTestApp(t, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' })
  const { token } = await issueToken(database.db, OPERATOR, { name: 'frontend', role: 'preview' })

  for (let i = 0; i < 3; i++) {
    const allowed = await app.inject({ method: 'GET', url: query, remoteAddress: '203.0.113.7' })
    t.equal(allowed.statusCode, 200, `public request ${i + 1} of 3 is served`)
    t.equal(allowed.headers['x-ratelimit-remaining'], String(2 - i))
  }
  const refused = await app.inject({ method: 'GET', url: query, remoteAddress: '203.0.113.7' })
  t.equal(refused.statusCode, 429)
  t.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60, 'Retry-After says when to come back')
  t.equal(refused.headers['cache-control'], 'private, no-store')
  const body = refused.json<{ errors: { message: string; extensions: { code: string; limit: number } }[] }>()
  t.match(body.errors[0], { message: /limit is 3 per 60 s/, extensions: { code: 'RATE_LIMITED', limit: 3 } }, 'GraphQL-shaped on /graphql')

  const post = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { name } }' }, remoteAddress: '203.0.113.7' })
  t.equal(post.statusCode, 429, 'one budget for every route and method')

  const otherAddress = await app.inject({ method: 'GET', url: query, remoteAddress: '198.51.100.20' })
  t.equal(otherAddress.statusCode, 200, 'another address is not affected')
  const withToken = await app.inject({ method: 'GET', url: query, remoteAddress: '203.0.113.7', headers: { authorization: `Bearer ${token}` } })
  t.equal(withToken.statusCode, 200, 'a token is counted on its own, not by the address it calls from')

  const probe = await app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.7' })
  t.equal(probe.statusCode, 200, 'health probes are never limited')
})

t.test('trusted tokens are not limited; other tokens are', async (t) => {
  const trustedId = randomUUID()
  const { app, database } = await buildTestApp(t, { RATE_LIMIT_MAX: '1', RATE_LIMIT_TRUSTED_TOKEN_IDS: trustedId })
  const trusted = await issueToken(database.db, OPERATOR, { name: 'own frontend', role: 'preview' })
  // Token ids are made by the database; give this one the id the configuration names.
  await database.db.update(apiTokens).set({ id: trustedId }).where(eq(apiTokens.id, trusted.record.id))
  const ordinary = await issueToken(database.db, OPERATOR, { name: 'partner', role: 'preview' })

  const as = (token: string) => app.inject({ method: 'GET', url: query, headers: { authorization: `Bearer ${token}` } })
  const statuses = async (token: string) => [(await as(token)).statusCode, (await as(token)).statusCode, (await as(token)).statusCode]
  t.same(await statuses(trusted.token), [200, 200, 200])
  t.same(await statuses(ordinary.token), [200, 429, 429])
})

t.test('RATE_LIMIT_ENABLED=false turns the limiter off', async (t) => {
  const { app } = await buildTestApp(t, { RATE_LIMIT_MAX: '1', RATE_LIMIT_ENABLED: 'false' })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: query })).statusCode)
  t.same(statuses, [200, 200, 200])
  t.equal((await app.inject({ method: 'GET', url: query })).headers['x-ratelimit-limit'], undefined)
})

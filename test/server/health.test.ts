import t from 'tap'
import { buildTestApp } from '../helpers/test-app.js'

t.test('liveness and readiness', async (t) => {
  const { app, database } = await buildTestApp(t)
  const live = await app.inject('/healthz')
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })
  t.match(live.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'every response carries its request id')

  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready', database: database.kind })

  const traced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'edge-42' } })
  t.equal(traced.headers['x-request-id'], 'edge-42', 'a caller-given id is kept')
  const hostile = await app.inject({ url: '/healthz', headers: { 'x-request-id': '<script>' } })
  t.not(hostile.headers['x-request-id'], '<script>', 'an odd id is replaced')

  const graphiql = await app.inject('/graphiql')
  t.equal(graphiql.statusCode, 200, 'GraphiQL is served')
  t.match(graphiql.headers['content-type'], /text\/html/)

  const missing = await app.inject('/nope')
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), { error: { code: 'NOT_FOUND', message: 'No route for GET /nope' } })

  // With the database gone, the process stays alive but stops saying it is ready.
  await database.close()
  const unready = await app.inject('/readyz')
  t.equal(unready.statusCode, 503)
  t.equal(unready.headers['retry-after'], '5')
  t.equal(unready.json<{ error: { code: string } }>().error.code, 'DATABASE_UNAVAILABLE')
  t.equal((await app.inject('/healthz')).statusCode, 200)
})

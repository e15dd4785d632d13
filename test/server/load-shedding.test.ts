import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { pressureThresholds } from '../../src/plugins/load-shedding-plugin.js'
import { buildTestApp } from '../helpers/test-app.js'

interface ErrorBody {
  error?: { code?: string; message?: string; retryAfterSeconds?: number }
  status?: string
}

/** Keeps the event loop busy in slices, as a CPU-bound burst would, letting timers run in between. */
function blockFor(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy
  }
}

t.test('under event-loop pressure requests are shed with 503 OVERLOADED, probes still answer, and service resumes', async (t) => {
  // A 40 ms mean delay is far above what an idle loop shows (its 10 ms timer fires on time)
  // and far below what 100 ms blocking slices produce; samples every 200 ms keep the test short.
  const { app } = await buildTestApp(t, { LOAD_SHEDDING: 'true', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '40', LOAD_SHED_SAMPLE_INTERVAL_MS: '200' })
  await app.ready()
  const query = () => app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } })
  const rest = () => app.inject({ method: 'GET', url: '/v1/sections' })

  let shed: { graphql: Awaited<ReturnType<typeof query>>; rest: Awaited<ReturnType<typeof rest>>; healthz: Awaited<ReturnType<typeof query>>; readyz: Awaited<ReturnType<typeof query>> } | undefined
  const pressureStarted = performance.now()
  while (!shed && performance.now() - pressureStarted < 20_000) {
    blockFor(100)
    await sleep(0)
    // Sent together, so they see the same sample.
    const [graphql, restAnswer, healthz, readyz] = await Promise.all([query(), rest(), app.inject('/healthz'), app.inject('/readyz')])
    if (graphql.statusCode === 503) shed = { graphql, rest: restAnswer, healthz, readyz }
  }
  if (!shed) throw new Error('no request was shed within 20 s of a blocked event loop')
  t.comment(`shed after ${Math.round(performance.now() - pressureStarted)} ms of 100 ms blocking slices`)

  for (const [name, response] of [['GraphQL', shed.graphql], ['REST', shed.rest]] as const) {
    t.equal(response.statusCode, 503, `${name}: 503 while overloaded`)
    t.equal(response.headers['retry-after'], '5', `${name}: says when to retry`)
    const body = response.json<ErrorBody>()
    t.equal(body.error?.code, 'OVERLOADED', `${name}: in the app's error shape, with a code that says why`)
    t.match(body.error?.message, /event loop/, `${name}: and a message naming the pressure`)
    t.ok(response.headers['x-request-id'], `${name}: still traced`)
  }
  t.equal(shed.healthz.statusCode, 200, '/healthz is never shed: the process is alive')
  t.equal(shed.readyz.statusCode, 503, '/readyz says not ready while overloaded')
  t.equal(shed.readyz.json<ErrorBody>().error?.code, 'OVERLOADED')

  // Pressure ends: the next samples are calm and requests are served again.
  const calm = performance.now()
  let served = false
  while (!served && performance.now() - calm < 10_000) {
    await sleep(100)
    served = (await query()).statusCode === 200
  }
  t.ok(served, `served again ${Math.round(performance.now() - calm)} ms after the loop was freed`)
  t.same((await query()).json(), { data: { __typename: 'Query' } })
  t.equal((await rest()).statusCode, 200)
  t.equal((await app.inject('/readyz')).statusCode, 200, 'and ready again')
})

t.test('a fresh instance does not shed because building the app kept its event loop busy', async (t) => {
  const { app } = await buildTestApp(t, { LOAD_SHEDDING: 'true', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '40', LOAD_SHED_SAMPLE_INTERVAL_MS: '200' })
  // Start-up work between registration and listening (schemas, routes) as one busy stretch.
  for (let slice = 0; slice < 10; slice++) {
    blockFor(150)
    await sleep(0)
  }
  await app.ready()
  const first = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } })
  t.equal(first.statusCode, 200, 'the first request after start-up is served')
  t.equal((await app.inject('/readyz')).statusCode, 200, 'and the instance says it is ready')
  await sleep(600)
  t.equal((await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } })).statusCode, 200, 'as are later ones, once samples are calm')
})

t.test('over the RSS limit everything but the probes is shed; LOAD_SHEDDING=false turns it off', async (t) => {
  // 1 MB: any Node process is above it, so the first sample puts the app under pressure.
  const limited = await buildTestApp(t, { LOAD_SHEDDING: 'true', LOAD_SHED_MAX_RSS_MB: '1', LOAD_SHED_SAMPLE_INTERVAL_MS: '50' })
  const unlimited = await buildTestApp(t, { LOAD_SHEDDING: 'false', LOAD_SHED_MAX_RSS_MB: '1', LOAD_SHED_SAMPLE_INTERVAL_MS: '50' })
  await Promise.all([limited.app.ready(), unlimited.app.ready()])
  const started = performance.now()
  while (!limited.app.overloaded() && performance.now() - started < 5000) await sleep(20)
  await sleep(200) // several samples for the switched-off app as well

  const refused = await limited.app.inject('/v1/sections')
  t.equal(refused.statusCode, 503)
  t.equal(refused.json<ErrorBody>().error?.code, 'OVERLOADED')
  t.match(refused.json<ErrorBody>().error?.message, /memory limit/)
  t.equal((await limited.app.inject('/healthz')).statusCode, 200)
  t.equal((await limited.app.inject('/readyz')).statusCode, 503)

  t.notOk(unlimited.app.overloaded(), 'switched off: never under pressure')
  t.equal((await unlimited.app.inject('/v1/sections')).statusCode, 200, 'and never sheds')
  t.equal((await unlimited.app.inject('/readyz')).statusCode, 200)
})

t.test('thresholds and timeouts come from the configuration', async (t) => {
  const defaults = pressureThresholds(loadConfig({}))
  t.equal(defaults.maxEventLoopDelay, 500, 'event-loop delay: 500 ms')
  t.ok(defaults.maxHeapUsedBytes > 100 * 2 ** 20, 'heap: 90% of the V8 heap limit')
  t.equal(defaults.maxRssBytes, 0, 'RSS: off until the operator sets the container limit')
  t.same(pressureThresholds(loadConfig({ LOAD_SHEDDING: 'false' })), { maxEventLoopDelay: 0, maxHeapUsedBytes: 0, maxRssBytes: 0 })
  t.same(pressureThresholds(loadConfig({ LOAD_SHED_MAX_HEAP_MB: '512', LOAD_SHED_MAX_RSS_MB: '1024', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '0' })), {
    maxEventLoopDelay: 0,
    maxHeapUsedBytes: 512 * 2 ** 20,
    maxRssBytes: 1024 * 2 ** 20,
  })

  const { app } = await buildTestApp(t, { REQUEST_TIMEOUT_MS: '7000', CONNECTION_TIMEOUT_MS: '9000' })
  await app.ready()
  t.equal(app.server.requestTimeout, 7000, 'a client has 7 s to send its whole request')
  t.equal(app.server.timeout, 9000, 'an idle socket is closed after 9 s')
})

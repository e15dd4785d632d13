import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { fixtures } from '../helpers/fixtures.js'
import { createThrowawayCluster, throwawayClusterUnavailable } from '../helpers/throwaway-cluster.js'

const skip = throwawayClusterUnavailable()

t.test('while PostgreSQL is down every request answers 503 quickly, and service resumes by itself', { skip: skip ?? false, timeout: 120_000 }, async (t) => {
  const cluster = await createThrowawayCluster()
  t.teardown(() => { cluster.destroy(); })
  cluster.start()
  const database = openPostgresDatabase({ url: cluster.url, poolMax: 4, onPoolError: () => undefined })
  await database.migrate()
  const story = await fixtures(database.db).article()
  const { token } = await issueToken(database.db, OPERATOR, { name: 'desk', role: 'editor' })
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'false', WEBHOOK_DELIVERY: 'false' }), database, logger: false })
  t.teardown(() => app.close())

  const requests = {
    graphql: () => app.inject({ method: 'POST', url: '/graphql', payload: { query: `{ article(slug: "${story.slug}") { headline } latest(first: 3) { slug } }` } }),
    rest: () => app.inject({ method: 'GET', url: `/v1/articles/${story.id}` }),
    withToken: () => app.inject({ method: 'GET', url: `/v1/articles/${story.id}?preview=true`, headers: { authorization: `Bearer ${token}` } }),
    write: () => app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query: 'mutation { createTag(input: { name: "Outage" }) { id } }' } }),
  }
  for (const [name, send] of Object.entries(requests)) t.equal((await send()).statusCode, 200, `${name} works while the database is up`)

  cluster.stop()
  const timings: number[] = []
  for (const [name, send] of Object.entries(requests)) {
    const started = performance.now()
    const response = await send()
    timings.push(performance.now() - started)
    t.equal(response.statusCode, 503, `${name}: 503 while the database is down`)
    t.equal(response.headers['retry-after'], '5', `${name}: says when to retry`)
    const body = response.json<{ errors?: { extensions: { code: string } }[]; error?: { code: string } }>()
    t.equal(body.errors?.[0]?.extensions.code ?? body.error?.code, 'DATABASE_UNAVAILABLE', `${name}: with a code that says why`)
  }
  t.ok(Math.max(...timings) < 5000, `every answer came within 5 s (slowest ${Math.round(Math.max(...timings))} ms)`)
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the process is alive')
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503, 'and says it is not ready')

  cluster.start()
  const back = performance.now()
  let recovered = false
  while (!recovered && performance.now() - back < 10_000) {
    recovered = (await requests.graphql()).statusCode === 200
    if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const recoveryMs = performance.now() - back
  t.ok(recovered && recoveryMs < 5000, `serves again ${Math.round(recoveryMs)} ms after the database is back, without a restart`)
  for (const [name, send] of Object.entries(requests)) t.equal((await send()).statusCode, 200, `${name} works again`)
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  t.comment(`outage answers: ${timings.map((ms) => `${Math.round(ms)} ms`).join(', ')}; recovery ${Math.round(recoveryMs)} ms`)
})

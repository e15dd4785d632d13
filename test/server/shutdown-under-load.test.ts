import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { startReceiver } from '../webhooks/receiver.js'
import { freePort, graphqlOn, liveDatabase, resilientClient, seedNewsroom, serverEnv, serverStarter, type HttpAnswer, type HttpRequest } from './live-server-kit.js'

const WRITERS = 4
const READERS = 6
// Generous for two busy cores, yet far below "hangs until killed".
const EXIT_BOUND_MS = 20_000
// While the first instance runs, each webhook answer is held this long, so some delivery is always
// in flight at SIGTERM. Afterwards answers come at once: the backlog the load built (its size
// grows with the machine's speed) must drain within the test's bound, not at the hold's pace.
const RECEIVER_HOLD_MS = 700

const UPDATE = `mutation ($id: ID!, $v: Int!, $dek: String!) { updateArticle(id: $id, expectedVersion: $v, input: { dek: $dek }) { version } }`

t.test('SIGTERM under load: no request fails, in-flight work finishes, exit 0, webhooks are not lost', { timeout: 85_000 }, async (t) => {
  const database = await liveDatabase(t)
  // Held answers, tracked so the test can send SIGTERM while a delivery is in flight.
  const unanswered = new Map<string, ServerResponse>()
  let holding = true
  const receiver = await startReceiver(t, (request, _index, response) => {
    const id = String(request.headers['webhook-id'])
    unanswered.set(id, response)
    setTimeout(
      () => {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
        unanswered.delete(id)
      },
      holding ? RECEIVER_HOLD_MS : 0,
    )
  })
  const port = await freePort()
  // A short poll keeps deliveries flowing during the load; the timeout leaves room for the hold.
  const env = serverEnv(database, { PORT: String(port), WEBHOOK_POLL_MS: '100', WEBHOOK_TIMEOUT_MS: '10000' })
  const start = serverStarter(t)

  const first = await start(env)
  const graphql = graphqlOn(first.baseUrl)
  const { editorToken, articles } = await seedNewsroom(graphql, WRITERS + 2)
  await graphql(`mutation ($url: String!) { createWebhookEndpoint(input: { url: $url }) { endpoint { id } } }`, { url: receiver.url })

  // The load: each writer owns one article and saves it again and again with the version it was
  // given back; readers mix GraphQL and REST reads. Every request is remembered with its outcome.
  const client = resilientClient(port)
  t.teardown(client.close)
  let loading = true
  let nextId = 0
  const inFlight = new Map<number, HttpRequest>()
  const outcomes = new Map<number, HttpAnswer | Error>()
  const failures: string[] = []
  const acknowledged = new Map<string, number>(articles.map((a) => [a.id, a.version]))
  const send = async (request: HttpRequest): Promise<HttpAnswer | undefined> => {
    const id = nextId++
    inFlight.set(id, request)
    try {
      const answer = await client.send(request)
      outcomes.set(id, answer)
      const graphqlErrors = request.path === '/graphql' && answer.body.includes('"errors"')
      if (answer.status < 200 || answer.status >= 300 || graphqlErrors) {
        failures.push(`${request.method} ${request.path}: ${answer.status} ${answer.body.slice(0, 300)}`)
        return undefined
      }
      return answer
    } catch (error) {
      outcomes.set(id, error as Error)
      failures.push(`${request.method} ${request.path}: ${(error as Error).message}`)
      return undefined
    } finally {
      inFlight.delete(id)
    }
  }
  const writer = async (article: (typeof articles)[number]) => {
    for (let n = 0; loading; n++) {
      const version = acknowledged.get(article.id) ?? 0
      const answer = await send({ method: 'POST', path: '/graphql', token: editorToken, body: { query: UPDATE, variables: { id: article.id, v: version, dek: `Update ${n}` } } })
      const saved = answer && (JSON.parse(answer.body) as { data: { updateArticle: { version: number } } }).data.updateArticle.version
      if (!saved) return // a failure is recorded; a writer whose save failed cannot go on
      acknowledged.set(article.id, saved)
    }
  }
  const reader = async (index: number) => {
    const story = articles[index % articles.length]!
    const reads: HttpRequest[] = [
      { method: 'POST', path: '/graphql', body: { query: `{ article(slug: "${story.slug}") { headline dek section { name } } }` } },
      { method: 'POST', path: '/graphql', body: { query: '{ latest(first: 5) { slug headline } }' } },
      { method: 'GET', path: `/v1/articles/${story.id}` },
      { method: 'GET', path: '/v1/sections' },
    ]
    for (let n = index; loading; n++) await send(reads[n % reads.length]!)
  }
  const load = Promise.all([...articles.slice(0, WRITERS).map(writer), ...Array.from({ length: READERS }, (_, i) => reader(i))])

  // SIGTERM once the load has run a while and a webhook delivery is being sent.
  await sleep(2500)
  const waitStarted = Date.now()
  while (unanswered.size === 0 && Date.now() - waitStarted < 15_000) await sleep(10)
  t.ok(unanswered.size > 0, 'a webhook delivery is in flight when SIGTERM is sent')
  const deliveriesInFlight = [...unanswered.keys()]
  const requestsInFlight = [...inFlight.keys()]
  const sentBefore = nextId
  const signalled = performance.now()
  const code = await first.stop('SIGTERM')
  const exitMs = performance.now() - signalled
  t.equal(code, 0, 'the process exits 0')
  t.ok(exitMs < EXIT_BOUND_MS, `within ${EXIT_BOUND_MS} ms (took ${Math.round(exitMs)} ms)`)
  t.notMatch(first.output(), /shutdown (failed|timed out)/, 'without a failed or timed-out shutdown')
  t.ok(requestsInFlight.length > 0, `${requestsInFlight.length} requests were in flight at SIGTERM`)
  holding = false

  // The successor takes the same port and database; the clients' retries land on it.
  const successor = await start(env)
  await sleep(2000)
  loading = false
  await load
  const sentAfter = nextId - sentBefore

  t.same(failures, [], `0 failed requests (of ${nextId})`)
  const inFlightOutcomes = requestsInFlight.map((id) => outcomes.get(id))
  t.ok(
    inFlightOutcomes.every((outcome) => outcome !== undefined && !(outcome instanceof Error) && outcome.status < 300),
    'every request in flight at SIGTERM finished with a 2xx',
  )
  const answeredByFirst = inFlightOutcomes.filter((outcome) => outcome && !(outcome instanceof Error) && outcome.tries === 1).length
  t.ok(answeredByFirst > 0, `the stopping instance answered ${answeredByFirst} of them itself`)
  const retried = [...outcomes.values()].filter((outcome) => !(outcome instanceof Error) && outcome.tries > 1).length

  // Webhooks: whatever was left pending (or was in flight) is delivered by the successor.
  const pending = async () =>
    (await graphqlOn(successor.baseUrl)<{ webhookDeliveries: unknown[] }>(`{ webhookDeliveries(status: PENDING, first: 200) { id } }`)).webhookDeliveries.length
  const drainStarted = Date.now()
  while ((await pending()) > 0 && Date.now() - drainStarted < 30_000) await sleep(200)
  const drainMs = Date.now() - drainStarted
  t.equal(await pending(), 0, 'the successor delivered everything left pending')
  t.equal(await successor.stop(), 0, 'and stops cleanly too')

  const events = await database.query(sql`
    SELECT e.id, e.entity_id, d.status,
      (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id AND a.response_status = 200) AS answered
    FROM webhook_events e JOIN webhook_deliveries d ON d.event_id = e.id`)
  const received = new Set(receiver.received.map((request) => String(request.headers['webhook-id'])))
  t.ok(events.length > 0)
  t.same(events.filter((event) => event.status !== 'delivered'), [], 'every outbox event was delivered')
  t.same(events.filter((event) => !received.has(String(event.id))).map((event) => event.id), [], 'and the receiver got every one')
  for (const id of deliveriesInFlight) {
    const event = events.find((e) => e.id === id)
    t.ok(event?.status === 'delivered' && Number(event.answered) >= 1, `the delivery in flight at SIGTERM (${id.slice(0, 8)}) was completed and recorded`)
  }

  // Every acknowledged save is in the database, exactly once (a save applied twice would have
  // ended in a VERSION_CONFLICT above), with one revision and one outbox event each.
  const stored = await database.query(sql`
    SELECT a.id, a.version, (SELECT max(number) FROM article_revisions r WHERE r.article_id = a.id) AS revisions,
      (SELECT count(*)::int FROM webhook_events e WHERE e.entity_id = a.id::text AND e.type = 'article.updated') AS updated_events
    FROM articles a`)
  for (const article of articles.slice(0, WRITERS)) {
    const row = stored.find((r) => r.id === article.id)
    const version = acknowledged.get(article.id)!
    t.equal(row?.version, version, `article ${article.slug}: at the last acknowledged version ${version}`)
    t.equal(Number(row?.revisions), version, 'with a revision for every version')
    t.equal(row?.updated_events, version - article.version, 'and an outbox event for every save')
  }
  await database.release()
  t.comment(
    `${database.kind}: ${nextId} requests (${sentAfter} after SIGTERM, ${retried} retried onto the successor), ${requestsInFlight.length} in flight at SIGTERM ` +
      `(${answeredByFirst} answered by the stopping instance), exit in ${Math.round(exitMs)} ms, ${deliveriesInFlight.length} webhook sends in flight, ` +
      `${events.length} events delivered (the rest drained in ${drainMs} ms); successor up in ${successor.startupMs} ms`,
  )
})

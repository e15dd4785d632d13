import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { graphqlOn, liveDatabase, seedNewsroom, serverEnv, serverStarter, type SeededArticle } from '../server/live-server-kit.js'

/**
 * kill -9 in the middle of a burst of editors' writes, then a restart on the same database.
 * Runs on the PostgreSQL server (TEST_DATABASE_URL) and on embedded PGlite in a DATA_DIR: there
 * the killed process is the database too, so the restart also proves PGlite recovers its folder.
 */

const WRITERS = 8
// Enough acknowledged writes to be a real burst, few enough to kill while it still runs.
const KILL_AFTER_ACKS = 80

interface Model {
  dek: string | null
  status: string
  related: string[]
}

interface Ack {
  articleId: string
  version: number
  action: string
  expected: Model
}

const UPDATE = `mutation ($id: ID!, $v: Int!, $dek: String!) { updateArticle(id: $id, expectedVersion: $v, input: { dek: $dek }) { version } }`
const ADD_LINK = `mutation ($id: ID!, $v: Int!, $target: ID!) { addRelatedLink(articleId: $id, expectedVersion: $v, link: { articleId: $target }) { version } }`
const REMOVE_LINK = `mutation ($id: ID!, $v: Int!) { removeRelatedLink(articleId: $id, expectedVersion: $v, position: 0) { version } }`
const PUBLISH = `mutation ($id: ID!, $v: Int!) { publishArticle(id: $id, expectedVersion: $v) { version } }`
const UNPUBLISH = `mutation ($id: ID!, $v: Int!) { unpublishArticle(id: $id, expectedVersion: $v) { version } }`

t.test('after kill -9 mid-burst every acknowledged write is there, nothing is half-written, and the restart serves', { timeout: 85_000 }, async (t) => {
  const database = await liveDatabase(t)
  // Delivery off: the outbox rows stay as the writes left them, to be counted.
  const env = serverEnv(database, { PORT: '0', WEBHOOK_DELIVERY: 'false' })
  const start = serverStarter(t)

  const first = await start(env)
  const graphql = graphqlOn(first.baseUrl)
  // The endpoint comes first, so every write of the test leaves an outbox event.
  await graphql(`mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/hooks" }) { endpoint { id } } }`)
  const { editorToken, articles } = await seedNewsroom(graphql, WRITERS + 2)
  const owned = articles.slice(0, WRITERS)
  const targets = articles.map((a) => a.id)

  // Each writer owns one article and walks it through updates, related-link changes and
  // unpublish/publish, keeping a model of what each acknowledged write must have stored.
  const acks: Ack[] = []
  const lastAck = new Map<string, number>(owned.map((a) => [a.id, a.version]))
  let inFlight = 0
  let killed = false
  const writer = async (article: SeededArticle, index: number) => {
    const model: Model = { dek: null, status: 'published', related: [] }
    for (let n = 0; !killed; n++) {
      const version = lastAck.get(article.id)!
      const step = n % 5
      let action: string
      let query: string
      let variables: Record<string, unknown> = { id: article.id, v: version }
      const next: Model = { ...model, related: [...model.related] }
      if (step === 1 && model.related.length < 4) {
        const target = targets[(index + n) % targets.length] === article.id ? targets[(index + n + 1) % targets.length]! : targets[(index + n) % targets.length]!
        ;[action, query, variables] = ['related_link.add', ADD_LINK, { ...variables, target }]
        next.related.push(target)
      } else if (step === 3 && model.related.length > 0) {
        ;[action, query] = ['related_link.remove', REMOVE_LINK]
        next.related.shift()
      } else if (step === 4) {
        ;[action, query] = model.status === 'published' ? ['unpublish', UNPUBLISH] : ['publish', PUBLISH]
        next.status = model.status === 'published' ? 'unpublished' : 'published'
      } else {
        const dek = `writer ${index} save ${n}`
        ;[action, query, variables] = ['update', UPDATE, { ...variables, dek }]
        next.dek = dek
      }
      inFlight++
      let saved: number | undefined
      try {
        saved = Object.values(await graphql<Record<string, { version: number }>>(query, variables, editorToken))[0]?.version
      } catch (error) {
        // After the kill, the request's fate is unknown: it may or may not have committed.
        if (killed) return
        throw error
      } finally {
        inFlight--
      }
      if (killed) return // answered, but after the kill was decided: not counted either way
      if (saved !== version + 1) throw new Error(`${action} on ${article.slug}: expected version ${version + 1}, got ${saved}`)
      lastAck.set(article.id, saved)
      Object.assign(model, next)
      acks.push({ articleId: article.id, version: saved, action, expected: next })
    }
  }
  const burst = Promise.all(owned.map(writer))
  const burstStarted = Date.now()
  while (acks.length < KILL_AFTER_ACKS && Date.now() - burstStarted < 30_000) await sleep(5)
  const inFlightAtKill = inFlight
  killed = true
  first.child.kill('SIGKILL')
  await first.stop()
  await burst
  t.ok(acks.length >= KILL_AFTER_ACKS, `${acks.length} writes acknowledged before the kill`)
  t.ok(inFlightAtKill > 0, `${inFlightAtKill} writes were in flight when the process was killed`)

  // Restart on the same database (PGlite: the dead owner's lock is taken over, the folder recovered).
  const second = await start(env)
  const restarted = graphqlOn(second.baseUrl)
  t.equal((await fetch(`${second.baseUrl}/readyz`)).status, 200, `restarted and ready in ${second.startupMs} ms`)
  const versionsAfterCrash = new Map<string, number>()
  for (const article of owned) {
    const { article: stored } = await restarted<{ article: { version: number } }>(`query ($id: ID!) { article(id: $id, preview: true) { version } }`, { id: article.id }, editorToken)
    const acked = lastAck.get(article.id)!
    // The write in flight at the kill either committed whole (one version more) or not at all.
    t.ok(stored.version === acked || stored.version === acked + 1, `${article.slug}: version ${stored.version} after the crash, last acknowledged ${acked}`)
    versionsAfterCrash.set(article.id, stored.version)
    const { updateArticle } = await restarted<{ updateArticle: { version: number } }>(UPDATE, { id: article.id, v: stored.version, dek: 'after the restart' }, editorToken)
    t.equal(updateArticle.version, stored.version + 1, 'and takes the next write')
  }
  const page = await fetch(`${second.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ latest(first: 20) { slug } }' }) })
  t.equal(page.status, 200, 'public reads are served')
  t.equal(await second.stop(), 0, 'and it stops cleanly')

  // From here on the database itself: the crash state plus one write per article after it.
  const q = database.query
  const unacknowledgedVersion = [...versionsAfterCrash].filter(([id, v]) => v > lastAck.get(id)!).length
  const missingAcks: string[] = []
  for (const ack of acks) {
    const [revision] = await q(sql`SELECT snapshot FROM article_revisions WHERE article_id = ${ack.articleId}::uuid AND number = ${ack.version}`)
    const snapshot = revision?.snapshot as { dek: string | null; status: string; related: { articleId?: string }[] } | undefined
    const events = await q(sql`SELECT count(*)::int AS n FROM webhook_events WHERE entity_id = ${ack.articleId} AND (body::jsonb -> 'data' ->> 'version')::int = ${ack.version}`)
    const stored = snapshot && { dek: snapshot.dek, status: snapshot.status, related: snapshot.related.map((link) => link.articleId) }
    if (!stored || JSON.stringify(stored) !== JSON.stringify(ack.expected) || events[0]?.n !== 1) {
      missingAcks.push(`${ack.action} → v${ack.version}: revision ${JSON.stringify(stored)}, expected ${JSON.stringify(ack.expected)}, outbox events ${String(events[0]?.n)}`)
    }
  }
  t.same(missingAcks, [], `all ${acks.length} acknowledged writes are stored with their revision (content as acknowledged) and their outbox event`)

  // Invariants over every article, written before, during or after the crash.
  const revisionGaps = await q(sql`
    SELECT a.slug, a.version, count(r.id)::int AS revisions, min(r.number) AS lowest, max(r.number) AS highest
    FROM articles a LEFT JOIN article_revisions r ON r.article_id = a.id
    GROUP BY a.id HAVING count(r.id) <> a.version OR min(r.number) <> 1 OR max(r.number) <> a.version`)
  t.same(revisionGaps, [], 'revisions are numbered 1..version for every article: no gap, none ahead of the article')
  const staleHead = await q(sql`
    SELECT a.slug FROM articles a JOIN article_revisions r ON r.article_id = a.id AND r.number = a.version
    WHERE r.snapshot ->> 'dek' IS DISTINCT FROM a.dek OR r.snapshot ->> 'status' <> a.status
      OR jsonb_array_length(r.snapshot -> 'related') <> (SELECT count(*) FROM related_links l WHERE l.article_id = a.id)`)
  t.same(staleHead, [], "each article's latest revision is exactly its stored state, related links included")
  const linkGaps = await q(sql`
    SELECT article_id FROM related_links GROUP BY article_id HAVING max(position) <> count(*) - 1 OR min(position) <> 0`)
  t.same(linkGaps, [], 'related links sit at positions 0..n-1 (none half-replaced)')
  const auditMismatch = await q(sql`
    SELECT a.slug, a.version, (SELECT count(*)::int FROM audit_events e WHERE e.entity_type = 'article' AND e.entity_id = a.id::text) AS audited
    FROM articles a WHERE a.version <> (SELECT count(*) FROM audit_events e WHERE e.entity_type = 'article' AND e.entity_id = a.id::text)`)
  t.same(auditMismatch, [], 'one audit entry per version')
  const outboxMismatch = await q(sql`
    SELECT a.slug, a.version, count(e.id)::int AS events, count(DISTINCT (e.body::jsonb -> 'data' ->> 'version'))::int AS versions,
      max((e.body::jsonb -> 'data' ->> 'version')::int) AS highest
    FROM articles a LEFT JOIN webhook_events e ON e.entity_id = a.id::text
    GROUP BY a.id HAVING count(e.id) <> a.version OR count(DISTINCT (e.body::jsonb -> 'data' ->> 'version')) <> a.version
      OR max((e.body::jsonb -> 'data' ->> 'version')::int) <> a.version`)
  t.same(outboxMismatch, [], 'one outbox event per version, none for a change that is not there')
  const undelivered = await q(sql`SELECT e.id FROM webhook_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`)
  t.same(undelivered, [], 'every outbox event has its delivery row')
  const orphanPublications = await q(sql`
    SELECT p.article_id, p.revision FROM publication_events p
    LEFT JOIN article_revisions r ON r.article_id = p.article_id AND r.number = p.revision
    WHERE r.id IS NULL OR r.snapshot ->> 'status' <> (CASE p.action WHEN 'publish' THEN 'published' ELSE 'unpublished' END)`)
  t.same(orphanPublications, [], 'every publication-log entry points at the revision it produced')
  await database.release()
  t.comment(
    `${database.kind}: ${acks.length} writes acknowledged before the kill, all verified; ${inFlightAtKill} in flight at the kill, ` +
      `${unacknowledgedVersion} of them committed without their answer arriving; restart in ${second.startupMs} ms`,
  )
})

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type autocannon from 'autocannon'
import Fastify from 'fastify'
import pg from 'pg'
import { startServer, type ServerProcess } from './processes.js'
import type { Tally } from './workloads.js'

/**
 * The two ceilings W1 is compared with, on the same data and the same machine:
 *   memory: the page JSON Masthead produced, served from a Map by a bare Fastify route
 *           (the cost of HTTP + Fastify alone);
 *   sql:    one hand-written query building the whole page with json_build_object, run as a
 *           prepared (named) statement through a pg Pool of Masthead's default size
 *           (the cost of the data access, done as well as one query can do it).
 * And the one W4 is compared with:
 *   save:   the least a save with a revision can do, over HTTP: lock the row, update it, write
 *           the revision, commit (five prepared statements through the same Pool). No token,
 *           no version check, no validation, audit, webhook event or cache purge.
 * Each runs in its own process, like Masthead. Run as a script, this file is that process.
 */

const POOL_MAX = 10 // Masthead's DATABASE_POOL_MAX default: the same database budget.
const LIVE = (alias: string) => `${alias}.status in ('published', 'scheduled') and ${alias}.deleted_at is null and ${alias}.publish_at <= now() and (${alias}.unpublish_at is null or ${alias}.unpublish_at > now())`
const CREDIT_LINE = (m: string) => `coalesce(${m}.credit_line, nullif(concat_ws('/', ${m}.credit_creator, ${m}.credit_provider), ''))`

/**
 * The page of ARTICLE_PAGE_QUERY in one statement. Body stays Portable Text: no HTML rendering here.
 * `latest` orders NULLS LAST to match articles_live_publish_at_idx, so it is an index scan.
 */
export const PAGE_SQL = `
select json_build_object(
  'article', json_build_object(
    'id', a.id, 'slug', a.slug, 'headline', a.headline, 'dek', a.dek, 'label', a.label,
    'publishedAt', a.publish_at, 'updatedAt', a.updated_at, 'body', a.body,
    'section', (select json_build_object('slug', s.slug, 'name', s.name,
                  'path', (select json_agg(json_build_object('slug', x.slug, 'name', x.name) order by x.depth)
                           from (select p.slug, p.name, 0 as depth from sections p where p.id = s.parent_id
                                 union all select s.slug, s.name, 1) x))
                from sections s where s.id = a.section_id),
    'bylines', (select json_agg(json_build_object('role', aa.role, 'author', json_build_object('slug', au.slug, 'name', au.name, 'roleTitle', au.role_title)) order by aa.position)
                from article_authors aa join authors au on au.id = aa.author_id where aa.article_id = a.id),
    'leadImage', (select json_build_object('url', m.url, 'alt', m.alt, 'caption', coalesce(a.lead_image_caption, m.caption), 'width', m.width, 'height', m.height,
                    'credit', json_build_object('line', ${CREDIT_LINE('m')},
                      'licence', case when m.licence_name is null then null else json_build_object('name', m.licence_name, 'url', m.licence_url,
                                   'valid', m.licence_expires_at is null or m.licence_expires_at > now()) end))
                  from media_assets m where m.id = a.lead_image_id and m.deleted_at is null),
    'tags', (select json_agg(json_build_object('slug', t.slug, 'name', t.name) order by atg.position)
             from article_tags atg join tags t on t.id = atg.tag_id where atg.article_id = a.id and t.deleted_at is null)
  ),
  'related', (select json_agg(json_build_object('slug', r.slug, 'headline', coalesce(r.link_headline, r.headline), 'teaser', r.teaser, 'publishedAt', r.publish_at,
                'section', (select json_build_object('slug', rs.slug, 'name', rs.name) from sections rs where rs.id = r.section_id),
                'leadImage', (select json_build_object('url', rm.url, 'alt', rm.alt, 'caption', rm.caption, 'credit', json_build_object('line', ${CREDIT_LINE('rm')}))
                              from media_assets rm where rm.id = r.lead_image_id and rm.deleted_at is null)) order by r.position)
              from (select ra.*, l.position, l.headline as link_headline from related_links l join articles ra on ra.id = l.target_article_id
                    where l.article_id = a.id and ${LIVE('ra')} order by l.position limit 5) r),
  'latest', (select json_agg(json_build_object('slug', n.slug, 'headline', n.headline, 'publishedAt', n.publish_at) order by n.publish_at desc, n.id desc)
             from (select na.id, na.slug, na.headline, na.publish_at from articles na where ${LIVE('na')} and na.id <> a.id
                   order by na.publish_at desc nulls last, na.id desc nulls last limit 5) n),
  'promos', (select json_agg(json_build_object('kind', pb.kind, 'placement', pb.placement, 'title', pb.title, 'linkUrl', pb.link_url, 'linkLabel', pb.link_label) order by pb.priority desc)
             from promo_blocks pb
             where pb.deleted_at is null and (pb.starts_at is null or pb.starts_at <= now()) and (pb.ends_at is null or pb.ends_at > now())
               and (pb.section_id is null or pb.section_id = a.section_id or pb.section_id = (select parent_id from sections where id = a.section_id))),
  'site', (select json_build_object('name', ss.name) from site_settings ss where ss.id = 1)
)::text as page
from articles a
where a.slug = $1 and ${LIVE('a')}`

// The minimal save: the row's lock, a dek change that bumps the version, a revision of the result.
const SAVE_LOCK_SQL = 'select version from articles where id = $1 for update'
const SAVE_UPDATE_SQL = 'update articles set dek = $2, version = version + 1, updated_at = now() where id = $1 returning version'
const SAVE_REVISION_SQL = `insert into article_revisions (article_id, number, snapshot, actor_name)
  select a.id, a.version, jsonb_build_object('headline', a.headline, 'dek', a.dek, 'body', a.body), 'ceiling' from articles a where a.id = $1`

export type CeilingKind = 'memory' | 'sql' | 'save'

/** Starts a ceiling process: `memory` reads pages from `source` (a JSON file), `sql` connects to `source` (a URL). */
export function startCeiling(kind: CeilingKind, source: string): Promise<ServerProcess> {
  const script = path.resolve(import.meta.dirname, 'ceilings.ts')
  return startServer(`ceiling:${kind}`, ['--import', 'tsx', script, kind, source], {}, '/healthz')
}

/** Counts a ceiling's answers: anything but a 2xx is an error. */
function countResponse(tally: Tally): (status: number) => void {
  return (status) => {
    tally.responses++
    if (status < 200 || status >= 300) tally.errors++
  }
}

/** POST /save/<random live id> with a new dek, for the save ceiling. */
export function saveCeilingRequests(ids: readonly string[], tally: Tally): autocannon.Request[] {
  return [{
    setupRequest: (request) => Object.assign(request, {
      method: 'POST' as const,
      path: `/save/${ids[Math.floor(Math.random() * ids.length)] ?? ''}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dek: `Ceiling dek ${Math.random().toString(36).slice(2)}` }),
    }),
    onResponse: countResponse(tally),
  }]
}

/** GET /page/<random slug> for the ceilings (they need no GraphQL parsing: that is the point). */
export function ceilingRequests(slugs: readonly string[], tally: Tally): autocannon.Request[] {
  return [{
    setupRequest: (request) => Object.assign(request, { method: 'GET' as const, path: `/page/${encodeURIComponent(slugs[Math.floor(Math.random() * slugs.length)] ?? '')}` }),
    onResponse: countResponse(tally),
  }]
}

async function serve(kind: CeilingKind, source: string): Promise<void> {
  const app = Fastify({ logger: false })
  app.get('/healthz', () => ({ ok: true }))
  if (kind === 'memory') {
    const pages = new Map(Object.entries(JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>).map(([slug, page]) => [slug, Buffer.from(JSON.stringify(page))]))
    app.get<{ Params: { slug: string } }>('/page/:slug', async (request, reply) => {
      const page = pages.get(request.params.slug)
      if (page === undefined) return reply.code(404).send({ error: 'not found' })
      return reply.type('application/json').send(page)
    })
  } else if (kind === 'save') {
    const pool = new pg.Pool({ connectionString: source, max: POOL_MAX })
    app.addHook('onClose', async () => { await pool.end() })
    app.post<{ Params: { id: string }; Body: { dek: string } }>('/save/:id', async (request, reply) => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const locked = await client.query({ name: 'save-lock', text: SAVE_LOCK_SQL, values: [request.params.id] })
        if (locked.rowCount === 0) {
          await client.query('rollback')
          return await reply.code(404).send({ error: 'not found' })
        }
        const updated = await client.query<{ version: number }>({ name: 'save-update', text: SAVE_UPDATE_SQL, values: [request.params.id, request.body.dek] })
        await client.query({ name: 'save-revision', text: SAVE_REVISION_SQL, values: [request.params.id] })
        await client.query('commit')
        return { version: updated.rows[0]?.version }
      } catch (error) {
        await client.query('rollback')
        throw error
      } finally {
        client.release()
      }
    })
  } else {
    const pool = new pg.Pool({ connectionString: source, max: POOL_MAX })
    app.addHook('onClose', async () => { await pool.end() })
    app.get<{ Params: { slug: string } }>('/page/:slug', async (request, reply) => {
      // A named query: parsed and planned once per connection, then only bound and executed.
      const result = await pool.query<{ page: string }>({ name: 'article-page', text: PAGE_SQL, values: [request.params.slug] })
      const page = result.rows[0]?.page
      if (page === undefined) return reply.code(404).send({ error: 'not found' })
      return reply.type('application/json').send(page)
    })
  }
  const close = () => { app.close().then(() => process.exit(0), () => process.exit(1)) }
  process.once('SIGTERM', close)
  process.once('SIGINT', close)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  console.log(`ceiling ${kind} listening on ${address}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [kind, source] = process.argv.slice(2)
  if ((kind !== 'memory' && kind !== 'sql' && kind !== 'save') || source === undefined) {
    console.error('usage: ceilings.ts memory <pages.json> | sql <postgres-url> | save <postgres-url>')
    process.exit(2)
  }
  serve(kind, source).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

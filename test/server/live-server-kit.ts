import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../src/db/database.js'
import { openPgliteDatabase } from '../../src/db/pglite-database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { spawnServer, type RunningServer } from '../helpers/spawn-server.js'
import { openTestDatabase } from '../helpers/test-database.js'

/**
 * What the process-level fault tests share: a database that outlives server processes, a
 * GraphQL client for the real HTTP API, and a small newsroom seeded through that API (so
 * revisions, audit entries and outbox events exist exactly as the app writes them).
 */

interface Teardown {
  teardown(fn: () => unknown): void
}

export const ADMIN_TOKEN = `admin-${randomBytes(24).toString('hex')}`
export const SECRETS_KEY = randomBytes(32).toString('base64')

export interface LiveDatabase {
  kind: 'pglite' | 'postgres'
  /** What the server process needs to find the database. */
  env: Record<string, string>
  /**
   * Runs SQL on the database. On PGlite only while no server process owns the folder (one owner
   * per folder); the handle is opened on first use and closed by `release`.
   */
  query(statement: SQL): Promise<Record<string, unknown>[]>
  release(): Promise<void>
}

/** A per-test database: its own database on TEST_DATABASE_URL's server, else a PGlite folder. */
export async function liveDatabase(t: Teardown): Promise<LiveDatabase> {
  if (process.env.TEST_DATABASE_URL) {
    const { database, url, drop } = await openTestDatabase()
    t.teardown(drop)
    return {
      kind: 'postgres',
      env: { DATABASE_URL: url ?? '', DATABASE_POOL_MAX: '8' },
      query: async (statement) => resultRows(await database.db.execute(statement)),
      release: () => Promise.resolve(),
    }
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'masthead-live-'))
  let handle: Database | undefined
  const release = async () => {
    await handle?.close()
    handle = undefined
  }
  t.teardown(async () => {
    await release()
    await rm(dataDir, { recursive: true, force: true })
  })
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir },
    async query(statement) {
      handle ??= await openPgliteDatabase(path.join(dataDir, 'pglite'))
      return resultRows(await handle.db.execute(statement))
    },
    release,
  }
}

/** The environment every live server in these tests runs with (plus the database's). */
export function serverEnv(database: LiveDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_TOKEN,
    SECRETS_KEY,
    SEED_DEMO_CONTENT: 'false',
    GRAPHIQL: 'false',
    // One client address sends everything here; the limits are not under test.
    RATE_LIMIT_ENABLED: 'false',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    ...database.env,
    ...extra,
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0)
      })
    })
  })
}

export interface HttpAnswer {
  status: number
  body: string
  /** 1 when the first try was answered; more when the connection was refused or reset first. */
  tries: number
}

export interface HttpRequest {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
  token?: string
}

// No response byte arrived: the server never took the request (not listening, or it closed an
// idle keep-alive connection as the request went out), so sending it again is safe.
const NOT_TAKEN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE'])

/**
 * An HTTP client as a load balancer or a careful SDK is: keep-alive connections, and a request
 * that got no answer byte because the connection was refused or reset is sent again (to
 * whichever instance listens next), until `retryForMs` has passed. Anything else is an answer.
 */
export function resilientClient(port: number, retryForMs = 60_000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  const once = (request: HttpRequest): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const payload = request.body === undefined ? undefined : JSON.stringify(request.body)
      const headers: Record<string, string> = {}
      if (payload !== undefined) headers['content-type'] = 'application/json'
      if (request.token) headers.authorization = `Bearer ${request.token}`
      let answered = false
      const outgoing = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent }, (response) => {
        answered = true
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
        })
        response.on('error', reject)
      })
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        reject(Object.assign(error, { notTaken: !answered && NOT_TAKEN.has(error.code ?? '') }))
      })
      outgoing.end(payload)
    })
  return {
    async send(request: HttpRequest): Promise<HttpAnswer> {
      const deadline = Date.now() + retryForMs
      for (let tries = 1; ; tries++) {
        try {
          return { ...(await once(request)), tries }
        } catch (error) {
          if (!(error as { notTaken?: boolean }).notTaken || Date.now() > deadline) throw error
          await sleep(50)
        }
      }
    },
    close: () => {
      agent.destroy()
    },
  }
}

export type GraphqlCall = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<T>

/** POST /graphql on a live server; anything but a clean 200 throws with the answer. */
export function graphqlOn(baseUrl: string): GraphqlCall {
  return async <T>(query: string, variables: Record<string, unknown> = {}, token: string = ADMIN_TOKEN): Promise<T> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    })
    const body = (await response.json()) as { data?: T; errors?: unknown[] }
    if (response.status !== 200 || body.errors || !body.data) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body).slice(0, 800)}`)
    return body.data
  }
}

export interface SeededArticle {
  id: string
  slug: string
  version: number
}

const CREATE_ARTICLE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id slug version } }`
const PUBLISH = `mutation ($id: ID!, $v: Int!) { publishArticle(id: $id, expectedVersion: $v) { version } }`

/** An editor token, a section and `count` published articles (version 2: created, then published). */
export async function seedNewsroom(graphql: GraphqlCall, count: number): Promise<{ editorToken: string; sectionId: string; articles: SeededArticle[] }> {
  const { createApiToken } = await graphql<{ createApiToken: { token: string } }>(`mutation { createApiToken(input: { name: "desk", role: EDITOR }) { token } }`)
  const editorToken = createApiToken.token
  const { createSection } = await graphql<{ createSection: { id: string } }>(`mutation { createSection(input: { name: "News" }) { id } }`, {}, editorToken)
  const articles: SeededArticle[] = []
  for (let i = 0; i < count; i++) {
    const input = {
      headline: `Story ${i} ${randomBytes(3).toString('hex')}`,
      sectionId: createSection.id,
      body: [{ _type: 'block', children: [{ _type: 'span', text: `The first paragraph of story ${i}.` }] }],
    }
    const { createArticle } = await graphql<{ createArticle: SeededArticle }>(CREATE_ARTICLE, { input }, editorToken)
    const { publishArticle } = await graphql<{ publishArticle: { version: number } }>(PUBLISH, { id: createArticle.id, v: createArticle.version }, editorToken)
    articles.push({ ...createArticle, version: publishArticle.version })
  }
  return { editorToken, sectionId: createSection.id, articles }
}

/** Starts server processes that are killed when the test ends, whatever state it ends in. */
export function serverStarter(t: Teardown): (env: Record<string, string>) => Promise<RunningServer> {
  const servers: RunningServer[] = []
  t.teardown(async () => {
    for (const server of servers) await server.stop('SIGKILL')
  })
  return async (env) => {
    const server = await spawnServer(env)
    servers.push(server)
    return server
  }
}

import autocannon from 'autocannon'
import { searchWords } from './prose.js'

/**
 * The workloads of issue #5, as autocannon request cycles. autocannon gives every connection
 * (virtual client) a context that lives for one pass over the `requests` array and is reset
 * after it; an editor's state (which article, which version) therefore lives for one cycle.
 */

export type WorkloadId = 'W1' | 'W1w' | 'W1r' | 'W2' | 'W3' | 'W4' | 'W5'
export const workloadIds: readonly WorkloadId[] = ['W1', 'W1w', 'W1r', 'W2', 'W3', 'W4', 'W5']

/** Workloads measured with the response cache on (the rest measure the work itself). */
export const cachedWorkloads: ReadonlySet<WorkloadId> = new Set(['W1w', 'W5'])

/** W1w: how many of the live articles are "hot" (a front page and a trending rail's worth). */
export const HOT_ARTICLES = 200

export interface Fixture {
  liveSlugs: readonly string[]
  liveIds: readonly string[]
  editorToken: string
}

/** What the response handlers saw; autocannon itself only knows status codes. */
export interface Tally {
  responses: number
  errors: number
  conflicts: number
  updates: number
  /** Responses the server answered from its response cache (x-cache: HIT). */
  cacheHits: number
}

export const newTally = (): Tally => ({ responses: 0, errors: 0, conflicts: 0, updates: 0, cacheHits: 0 })

export const ARTICLE_PAGE_QUERY = `query Page($slug: String!) {
  articlePage(slug: $slug) {
    article {
      id slug headline kicker dek label publishedAt updatedAt
      section { slug name path { slug name } }
      bylines { role author { slug name roleTitle } }
      leadImage { url alt caption width height credit { line licence { name url valid } } }
      body { html wordCount readingMinutes }
      tags { slug name }
    }
    related(first: 5) { slug headline teaser publishedAt section { slug name } leadImage { url alt caption credit { line } } }
    latest(first: 5) { slug headline publishedAt }
    promos { kind placement title linkUrl linkLabel }
    site { name }
  }
}`

const LATEST_QUERY = `{ latest(first: 20) { slug headline teaser publishedAt section { slug name } leadImage { url alt caption credit { line } } } }`
const SEARCH_QUERY = `query Search($q: String!) { search(query: $q, first: 20) { totalCount edges { rank snippet node { slug headline publishedAt section { name } } } } }`
const VERSION_QUERY = `query Version($id: ID!) { article(id: $id, preview: true) { version } }`
const UPDATE_MUTATION = `mutation Save($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }`

const randomOf = (list: readonly string[]): string => list[Math.floor(Math.random() * list.length)] ?? ''

function graphql(query: string, variables: Record<string, unknown>, token?: string): autocannon.Request {
  return {
    method: 'POST',
    path: '/graphql',
    headers: token === undefined ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }
}

interface GraphqlReply {
  data?: { article?: { version?: number } | null; updateArticle?: { version?: number } } | null
  errors?: { extensions?: { code?: string; currentVersion?: number } }[]
}

function parseReply(body: string): GraphqlReply | undefined {
  try {
    return JSON.parse(body) as GraphqlReply
  } catch {
    return undefined
  }
}

/** Counts a response: non-2xx or any GraphQL error is an error, except a version conflict. */
function record(tally: Tally, status: number, body: string): GraphqlReply | undefined {
  tally.responses++
  // Only parse what has to be looked at: most public responses are large and error-free.
  const mayHaveErrors = body.includes('"errors"')
  if (status >= 200 && status < 300 && !mayHaveErrors) return undefined
  const reply = parseReply(body)
  const code = reply?.errors?.[0]?.extensions?.code
  if (code === 'VERSION_CONFLICT') tally.conflicts++
  else tally.errors++
  return reply
}

function publicStep(tally: Tally, make: () => autocannon.Request): autocannon.Request {
  return {
    setupRequest: (request) => Object.assign(request, make()),
    onResponse: (status, body, _context, headers) => {
      // Header names keep the server's case (Fastify sends them lower-case).
      if ((headers as Record<string, string | undefined>)['x-cache'] === 'HIT') tally.cacheHits++
      record(tally, status, body)
    },
  }
}

interface EditorState {
  articleId?: string
  version?: number
}

/**
 * One editor action: read the article's version once (preview), then save with it and keep the
 * version the save returns. A conflict happens only when another client saved the same article
 * in between; the client then adopts the current version, as an editor reloading would.
 */
function editorStep(fixture: Fixture, tally: Tally): autocannon.Request {
  return {
    setupRequest: (request, context) => {
      const state = context as EditorState
      state.articleId ??= randomOf(fixture.liveIds)
      if (state.version === undefined) return Object.assign(request, graphql(VERSION_QUERY, { id: state.articleId }, fixture.editorToken))
      const stamp = new Date().toISOString()
      return Object.assign(
        request,
        graphql(UPDATE_MUTATION, {
          id: state.articleId,
          v: state.version,
          input: { dek: `Updated at ${stamp} as the story develops.`, revisionMessage: 'bench: dek update' },
        }, fixture.editorToken),
      )
    },
    onResponse: (status, body, context) => {
      const state = context as EditorState
      const reply = record(tally, status, body) ?? parseReply(body)
      if (reply === undefined) return
      const conflict = reply.errors?.[0]?.extensions
      if (conflict?.code === 'VERSION_CONFLICT' && typeof conflict.currentVersion === 'number') {
        state.version = conflict.currentVersion
        return
      }
      const saved = reply.data?.updateArticle?.version
      if (typeof saved === 'number') {
        tally.updates++
        state.version = saved
        return
      }
      const read = reply.data?.article?.version
      if (typeof read === 'number') state.version = read
    },
  }
}

const page = (fixture: Fixture) => () => graphql(ARTICLE_PAGE_QUERY, { slug: randomOf(fixture.liveSlugs) })
const hotPage = (fixture: Fixture) => {
  const hot = fixture.liveSlugs.slice(0, HOT_ARTICLES)
  return () => graphql(ARTICLE_PAGE_QUERY, { slug: randomOf(hot) })
}
const restPage = (fixture: Fixture) => (): autocannon.Request => ({ method: 'GET', path: `/v1/article-pages/${encodeURIComponent(randomOf(fixture.liveSlugs))}` })

// W4: one version read, then nine saves of the same article, then the next random article.
const EDITOR_CYCLE = 10
// W5: 40 requests per cycle, 2 of them an editor's (1 version read + 1 save): 95% / 5%. The
// editor's go first, so even a short run at a low rate performs saves.
const MIX_CYCLE = 40
const MIX_EDITOR_STEPS = 2

/** The request cycle of a workload, or null when it cannot run. */
export function requestsFor(id: WorkloadId, fixture: Fixture, tally: Tally): autocannon.Request[] | null {
  switch (id) {
    case 'W1':
      return [publicStep(tally, page(fixture))]
    case 'W1w':
      return [publicStep(tally, hotPage(fixture))]
    case 'W1r':
      return [publicStep(tally, restPage(fixture))]
    case 'W2':
      return [publicStep(tally, () => graphql(LATEST_QUERY, {}))]
    case 'W3':
      return [publicStep(tally, () => graphql(SEARCH_QUERY, { q: randomOf(searchWords) }))]
    case 'W4':
      return Array.from({ length: EDITOR_CYCLE }, () => editorStep(fixture, tally))
    case 'W5':
      return Array.from({ length: MIX_CYCLE }, (_, i) => (i < MIX_EDITOR_STEPS ? editorStep(fixture, tally) : publicStep(tally, page(fixture))))
  }
}

export const workloadTitles: Record<WorkloadId, string> = {
  W1: 'W1 articlePage (GraphQL, cold: response cache off)',
  W1w: `W1w articlePage (GraphQL, warm: response cache on, ${HOT_ARTICLES} hot articles)`,
  W1r: 'W1r articlePage (REST, cache off)',
  W2: 'W2 latest 20 + section + image',
  W3: 'W3 full-text search',
  W4: 'W4 article updates (editor)',
  W5: 'W5 95% page reads / 5% editor',
}

export interface LoadOptions {
  connections: number
  /** Seconds; ignored when `amount` is set. */
  duration?: number
  amount?: number
}

export interface LoadResult {
  requests: number
  seconds: number
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  conflicts: number
  updates: number
  cacheHits: number
}

/** One bounded autocannon run (it stops after `duration` seconds or `amount` requests). */
export async function runLoad(base: string, requests: autocannon.Request[], tally: Tally, options: LoadOptions): Promise<LoadResult> {
  const url = new URL(base)
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to load ${base}: only 127.0.0.1 is a target`)
  const result = await autocannon({
    url: base,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.duration ?? 10 } : { amount: options.amount }),
    requests,
    timeout: 30,
  })
  const requestsDone = result.requests.total
  return {
    requests: requestsDone,
    seconds: result.duration,
    requestsPerSecond: requestsDone / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // Socket errors and timeouts count too: they are requests that got no answer.
    errors: tally.errors + result.errors,
    conflicts: tally.conflicts,
    updates: tally.updates,
    cacheHits: tally.cacheHits,
  }
}

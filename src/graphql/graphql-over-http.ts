import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { OperationTypeNode, getOperationAST, parse, type DocumentNode } from 'graphql'

/**
 * The GraphQL over HTTP details Mercurius leaves to us: which media type to answer with, strict
 * checks of the request parameters, and keeping GET (and HEAD) to queries.
 * https://graphql.github.io/graphql-over-http/draft/
 */

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json'
export const APPLICATION_JSON = 'application/json'
export type GraphqlMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON

/** A request the server will not run, refused before execution with a stable code. */
export class GraphqlRequestError extends Error {
  constructor(
    readonly code: 'BAD_REQUEST' | 'METHOD_NOT_ALLOWED' | 'QUERY_TOO_DEEP',
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'GraphqlRequestError'
  }
}

interface MediaRange {
  type: string
  q: number
  index: number
}

/** How well one Accept range matches a media type: 2 exact, 1 `type/*`, 0 `*∕*`, -1 not at all. */
function specificity(range: string, mediaType: string): number {
  if (range === mediaType) return 2
  if (range === '*/*') return 0
  return range.endsWith('/*') && mediaType.startsWith(range.slice(0, -1)) ? 1 : -1
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').map((part, index) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const qParameter = parameters.find((parameter) => parameter.startsWith('q='))
    const q = qParameter === undefined ? 1 : Number(qParameter.slice(2))
    return { type, q: Number.isFinite(q) ? q : 0, index }
  })
}

/** The client's preference for a media type: its q, how specific the range was, how early it came. */
function preference(ranges: MediaRange[], mediaType: string): [number, number, number] | null {
  let best: { range: MediaRange; specificity: number } | null = null
  for (const range of ranges) {
    const s = specificity(range.type, mediaType)
    if (s >= 0 && (best === null || s > best.specificity)) best = { range, specificity: s }
  }
  if (best === null || best.range.q <= 0) return null
  return [best.range.q, best.specificity, -best.range.index]
}

/**
 * The media type to answer with. application/graphql-response+json only when the client prefers
 * it: a higher q, a more specific range, or listed first (`application/graphql-response+json,
 * application/json`, as graphql-http and Apollo send). Everything else — no Accept, `*∕*`, a
 * browser's `text/html,…` — gets application/json, which every GraphQL client understands.
 */
export function negotiateMediaType(accept: string | undefined): GraphqlMediaType {
  if (!accept) return APPLICATION_JSON
  const ranges = parseAccept(accept)
  const modern = preference(ranges, GRAPHQL_RESPONSE_JSON)
  if (modern === null) return APPLICATION_JSON
  const legacy = preference(ranges, APPLICATION_JSON)
  if (legacy === null) return GRAPHQL_RESPONSE_JSON
  for (let i = 0; i < modern.length; i++) {
    const [m, l] = [modern[i] ?? 0, legacy[i] ?? 0]
    if (m !== l) return m > l ? GRAPHQL_RESPONSE_JSON : APPLICATION_JSON
  }
  return APPLICATION_JSON
}

const SHA256_HEX = /^[0-9a-f]{64}$/

function bad(message: string): GraphqlRequestError {
  return new GraphqlRequestError('BAD_REQUEST', 400, message)
}

/** `variables` and `extensions`: a map or null; in a URL, the same as JSON text. */
function mapParameter(name: string, value: unknown, fromUrl: boolean): Record<string, unknown> | null | undefined {
  let parsed = value
  if (fromUrl && typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown
    } catch {
      throw bad(`${name} must be a URL-encoded JSON object, e.g. ${name}={"first":3}`)
    }
  }
  if (parsed === undefined || parsed === null) return parsed
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw bad(`${name} must be a JSON object (or null), not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`)
  return parsed as Record<string, unknown>
}

/**
 * Route hook (preValidation): checks the request parameters the way the GraphQL over HTTP spec
 * reads them, before Mercurius's own schema — whose type coercion would turn `variables: 0` into
 * null, and which refuses `extensions: null` although the spec allows it.
 */
export function checkGraphqlParameters(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  try {
    checkParameters(request)
    done()
  } catch (error) {
    done(error as GraphqlRequestError)
  }
}

function checkParameters(request: FastifyRequest): void {
  const fromUrl = request.method !== 'POST'
  const params: unknown = fromUrl ? request.query : request.body
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw bad('The request body must be a JSON object: {"query": "…", "variables": {…}} (batches are not supported)')
  }
  const record = params as Record<string, unknown>
  for (const name of ['query', 'operationName', 'variables', 'extensions']) {
    if (Array.isArray(record[name]) && fromUrl) throw bad(`${name} is given more than once`)
  }
  const { query, operationName } = record
  if (query !== undefined && typeof query !== 'string') throw bad('query must be a string holding a GraphQL document')
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') throw bad('operationName must be a string or null')
  mapParameter('variables', record.variables, fromUrl)
  const extensions = mapParameter('extensions', record.extensions, fromUrl)
  // null is "no extensions"; Mercurius's body schema only accepts an object.
  if (extensions === null && !fromUrl) delete record.extensions
  const persisted = extensions?.persistedQuery
  if (persisted !== undefined && persisted !== null) {
    const { sha256Hash } = persisted as { sha256Hash?: unknown }
    if (typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash)) {
      throw bad('extensions.persistedQuery.sha256Hash must be the SHA-256 of the query text, as 64 lowercase hex digits')
    }
  } else if (query === undefined || query === '') {
    throw bad('query is missing: send the GraphQL document in `query` (or the hash of a persisted query in extensions.persistedQuery)')
  }
  if (typeof query === 'string' && isJson(query)) {
    throw bad('query must be a GraphQL document in GraphQL syntax, e.g. { site { name } }, not JSON')
  }
  if (typeof query === 'string' && nestsDeeperThan(query, MAX_DOCUMENT_NESTING)) {
    throw new GraphqlRequestError('QUERY_TOO_DEEP', 400, `The document nests brackets ({, [ and () more than ${MAX_DOCUMENT_NESTING} levels deep: ask for less nesting.`)
  }
  if (request.method === 'GET' && typeof query === 'string') checkOperationChoice(query, operationName)
}

/**
 * On GET, Mercurius looks up the operation to run (to refuse mutations) before graphql-js would
 * report that none matches, and fails with a TypeError (a 500) when operationName names none or
 * the document has several and no name is given. So that is checked here first. A GET with only
 * a persisted query's hash has no text to check; such requests still meet Mercurius's failure.
 */
function checkOperationChoice(query: string, operationName: unknown): void {
  let document: DocumentNode
  try {
    document = parse(query)
  } catch {
    return // Mercurius reports the syntax error itself.
  }
  if (getOperationAST(document, typeof operationName === 'string' ? operationName : undefined)) return
  throw bad(
    typeof operationName === 'string'
      ? `operationName ${JSON.stringify(operationName)} names no operation in the document`
      : 'The document has several operations: name the one to run in operationName',
  )
}

/**
 * Mercurius reads a query that fails to parse as GraphQL as a JSON-encoded syntax tree, and hands
 * whatever that JSON is to graphql-js's validation, which fails on anything but a real tree (a
 * 500). No GraphQL document is valid JSON, so JSON is refused here. JSON.parse stops at the first
 * character that is not JSON, which for a GraphQL document comes within a few characters.
 */
// What JSON text can start with that a GraphQL document cannot: `[`, `"`, a number, a literal,
// or `{` followed by a key or `}`. Checked first: a failed JSON.parse on every document (the
// usual case) would build an exception per request.
const JSON_START = /^\s*(?:[["\d-]|true|false|null|\{\s*["}])/

function isJson(query: string): boolean {
  if (!JSON_START.test(query)) return false
  try {
    JSON.parse(query)
    return true
  } catch {
    return false
  }
}

/**
 * graphql-js parses by recursive descent: a document nested some thousands of levels deep
 * overflows the stack before the depth limit (which needs a parsed document) can refuse it.
 * This bound is far above any query the depth limit lets through, and far below the stack.
 */
export const MAX_DOCUMENT_NESTING = 256

/** Whether brackets nest deeper than `limit`, outside strings, block strings and comments. */
export function nestsDeeperThan(document: string, limit: number): boolean {
  let depth = 0
  for (let i = 0; i < document.length; i++) {
    const char = document[i]
    if (char === '#') {
      while (i < document.length && document[i] !== '\n' && document[i] !== '\r') i++
    } else if (char === '"') {
      if (document.startsWith('"""', i)) {
        i += 3
        while (i < document.length && !document.startsWith('"""', i)) i += document.startsWith('\\"""', i) ? 4 : 1
        i += 2
      } else {
        i++
        while (i < document.length && document[i] !== '"' && document[i] !== '\n') i += document[i] === '\\' ? 2 : 1
      }
    } else if (char === '{' || char === '[' || char === '(') {
      if (++depth > limit) return true
    } else if (char === '}' || char === ']' || char === ')') {
      depth = Math.max(0, depth - 1)
    }
  }
  return false
}

/**
 * Route hook (onSend): answers with the negotiated media type. Every response on the GraphQL
 * routes is a GraphQL response (errors from body parsing and authentication included), so the
 * header is set here rather than by each producer.
 */
export function setGraphqlContentType(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  const contentType = reply.getHeader('content-type')
  if (typeof contentType === 'string' && contentType.startsWith(APPLICATION_JSON) && negotiateMediaType(request.headers.accept) === GRAPHQL_RESPONSE_JSON) {
    reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`)
  }
  done(null, payload)
}

export const METHOD_NOT_ALLOWED_MESSAGE = 'Only queries can be sent with GET; send mutations with POST.'

/**
 * preExecution hook: GET and HEAD are safe methods — caches, prefetchers and crawlers replay
 * them — so they only ever run queries. Mercurius checks GET itself, but not HEAD, which Fastify
 * routes to the same handler.
 */
export function refuseUnsafeOperationsOnSafeMethods(request: FastifyRequest, document: DocumentNode): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') return
  const { operationName } = request.query as { operationName?: unknown }
  const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined)
  if (operation && operation.operation !== OperationTypeNode.QUERY) {
    throw new GraphqlRequestError('METHOD_NOT_ALLOWED', 405, METHOD_NOT_ALLOWED_MESSAGE)
  }
}

import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Database } from '../../src/db/database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { issueToken, OPERATOR } from '../../src/domain/tokens/tokens.service.js'
import { fixtures } from './fixtures.js'
import { buildTestApp, type TestApp } from './test-app.js'

/**
 * Shared kit of the fuzz suite (test/fuzz): the app to attack, the hostile values to attack it
 * with, and the properties every response must keep. Properties throw plain errors (never tap
 * assertions) so fast-check can shrink a failure and print its seed and counterexample.
 */

/**
 * Cases per property: `defaultRuns` in CI, FUZZ_RUNS with `npm run fuzz`; a property that is
 * asserted once per route gets its `share` of them; `examples` run first. FUZZ_SEED (with FUZZ_PATH) replays the run
 * fast-check reported.
 */
export function fuzzParameters<T>(defaultRuns: number, share = 1, examples: T[] = []): fc.Parameters<T> {
  const given = Number(process.env.FUZZ_RUNS)
  const runs = Number.isInteger(given) && given > 0 ? given : defaultRuns
  const seed = Number(process.env.FUZZ_SEED)
  const replay = Number.isInteger(seed) ? { seed, ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}) } : {}
  // Examples count towards numRuns: keep room for every one and at least one generated case.
  return { numRuns: Math.max(examples.length + 1, Math.ceil(runs / share)), ...(examples.length > 0 ? { examples } : {}), ...replay }
}

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface FuzzTarget extends TestApp {
  editor: string
  admin: string
  content: {
    sectionId: string
    sectionSlug: string
    authorId: string
    authorSlug: string
    tagId: string
    tagSlug: string
    mediaId: string
    promoId: string
    articleId: string
    articleSlug: string
    /** A draft the editor may change (its version is read before each use). */
    draftId: string
  }
}

/**
 * The real app on a fresh database with a little of everything, and tokens to write with. Rate
 * limits and load shedding are off: thousands of requests in a burst would otherwise be (rightly)
 * refused with 429 or 503 and hide what the fuzz is looking for.
 */
export async function buildFuzzTarget(t: Teardown): Promise<FuzzTarget> {
  const target = await buildTestApp(t, { RATE_LIMIT_ENABLED: 'false', LOAD_SHEDDING: 'false' })
  const f = fixtures(target.database.db)
  const section = await f.section({ slug: 'world' })
  const author = await f.author({ slug: 'jane-doe' })
  const tag = await f.tag({ slug: 'trade' })
  const media = await f.media()
  const promo = await f.promo()
  await f.site()
  const article = await f.article({ slug: 'ports-reopen', sectionId: section.id, authors: [{ id: author.id }], tagIds: [tag.id], leadImageId: media.id })
  const draft = await f.article({ slug: 'draft-story', status: 'draft', sectionId: section.id })
  const token = async (role: 'editor' | 'admin') => (await issueToken(target.database.db, OPERATOR, { name: `fuzz ${role}`, role })).token
  return {
    ...target,
    editor: await token('editor'),
    admin: await token('admin'),
    content: {
      sectionId: section.id,
      sectionSlug: section.slug,
      authorId: author.id,
      authorSlug: author.slug,
      tagId: tag.id,
      tagSlug: tag.slug,
      mediaId: media.id,
      promoId: promo.id,
      articleId: article.id,
      articleSlug: article.slug,
      draftId: draft.id,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Strings that have broken parsers, databases and JSON encoders before. */
export const nastyStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '\uDBFF\uDFFF',
  '\u202Eevil\u202C',
  '\u200F\u200E\u061C',
  '\uFEFF',
  '\uFFFF',
  '🦄👩‍👩‍👧',
  'e\u0301',
  "'; DROP TABLE articles; --",
  "' OR '1'='1",
  '%',
  '_',
  '%_%',
  '\\',
  '\\\\%\\_',
  '$1',
  '"',
  '`',
  '${constructor}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '../../etc/passwd',
  '\r\nX-Injected: 1',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(40),
  'null',
  'true',
  '2026-02-30T25:61:61Z',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'AAAA',
  'W10',
  'eyJfX3Byb3RvX18iOnt9fQ',
] as const

/** Any string: printable, full Unicode with lone surrogates, control characters, or a known bad one. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\u202E', "'", '%', '_', '\\', '"', '\n'), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('a', 'é', '\u0000', '🦄').chain((unit) => fc.integer({ min: 1_000, max: 120_000 }).map((n) => unit.repeat(n))) },
)

/** Keys that poison prototypes when code copies objects without care. */
export const pollutingKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'valueOf')

/** Any JSON value, hostile strings and polluting keys included; bounded so a case stays cheap. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324)),
    hostileString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(pollutingKey, fc.string({ maxLength: 10 })), tie('value'), { maxKeys: 5 }),
  ),
})).value

/** Any value at all, as JSON would carry it: fast-check's own anything plus the hostile one. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(hostileJson, fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2, withNullPrototype: true }).map(toJsonValue))

/** A value JSON.stringify would keep, as JSON.parse would give it back. */
function toJsonValue(value: unknown): unknown {
  try {
    const text = JSON.stringify(value)
    return text === undefined ? null : (JSON.parse(text) as unknown)
  } catch {
    return null
  }
}

/** The same without `__proto__` keys, which the JSON parser refuses before any field is read. */
export const anyJsonWithoutProtoKeys: fc.Arbitrary<unknown> = anyJson.filter((value) => !JSON.stringify(value ?? null).includes('"__proto__"'))

/** JSON nested `depth` levels deep, as an array or an object. */
export const deeplyNested = fc.record({ depth: fc.integer({ min: 50, max: 5_000 }), array: fc.boolean() }).map(({ depth, array }) =>
  array ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
)

/**
 * A value of the wrong type for a text, id, number or list field (so never `[]`). No `__proto__` keys: the JSON parser
 * refuses those before any field is looked at (the REST bodies fuzz covers that).
 */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(true, false, 1.5, 2 ** 31, -(2 ** 53), 1e308, {}, [null], { constructor: 1 }),
  fc.array(hostileString, { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.constantFrom('constructor', 'prototype', 'toString', 'valueOf'), hostileString, { minKeys: 1, maxKeys: 2 }),
)

/**
 * Takes a valid object and spoils one field: replaces its value with `spoil(field)`. The field
 * name comes back so a property can check the error points at it.
 */
export function oneFieldSpoiled<T extends Record<string, unknown>>(
  valid: T,
  spoilers: { [K in keyof T]?: fc.Arbitrary<unknown> },
): fc.Arbitrary<{ field: string; value: unknown; input: Record<string, unknown> }> {
  const entries = Object.entries(spoilers).filter((entry): entry is [string, fc.Arbitrary<unknown>] => entry[1] !== undefined)
  return fc.oneof(...entries.map(([field, spoiled]) => spoiled.map((value) => ({ field, value, input: { ...valid, [field]: value } }))))
}

// ---------------------------------------------------------------------------------------------
// Properties of every response

const CODE = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/
const LOCATIONS = new Set(['query', 'body', 'params', 'headers'])

export interface RestProblem {
  path: (string | number)[]
  message: string
}

export interface RestErrorBody {
  error: { code: string; message: string; problems?: RestProblem[] }
}

export class PropertyViolation extends Error {
  constructor(what: string, response: { statusCode: number; body: string }) {
    super(`${what}\n  status ${response.statusCode}\n  body ${response.body.slice(0, 600)}`)
    this.name = 'PropertyViolation'
  }
}

interface InjectedResponse {
  statusCode: number
  body: string
  headers: Record<string, unknown>
}

function parsed(response: InjectedResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown
  } catch {
    throw new PropertyViolation('the body is not JSON', response)
  }
}

/**
 * A REST answer: never a 5xx; a body that parses; a 4xx with a stable code and a message; a
 * BAD_USER_INPUT that lists each problem with the path where the value was sent.
 */
export function checkRestResponse(response: InjectedResponse): { status: number; body: unknown } {
  const status = response.statusCode
  if (status >= 500) throw new PropertyViolation('a 5xx', response)
  if (status === 204 || status === 304 || (status === 301 && response.body === '')) return { status, body: undefined }
  const body = parsed(response)
  if (status < 400) return { status, body }
  const error = (body as Partial<RestErrorBody> | null)?.error
  if (!error || typeof error.code !== 'string' || !CODE.test(error.code)) throw new PropertyViolation('a 4xx without a stable error.code', response)
  if (typeof error.message !== 'string' || error.message.trim() === '') throw new PropertyViolation('a 4xx without a message', response)
  if (error.code === 'BAD_USER_INPUT') {
    const problems = error.problems
    if (!Array.isArray(problems) || problems.length === 0) throw new PropertyViolation('BAD_USER_INPUT without problems', response)
    for (const problem of problems) {
      const [where] = problem.path
      if (typeof where !== 'string' || !LOCATIONS.has(where)) throw new PropertyViolation('a problem whose path does not say where the value was sent', response)
      if (typeof problem.message !== 'string' || problem.message === '') throw new PropertyViolation('a problem without a message', response)
    }
  }
  return { status, body }
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: unknown; problems?: RestProblem[]; [key: string]: unknown } }[]
}

/**
 * A GraphQL answer: never a 5xx; a body that parses; every error with a stable extensions.code
 * (never INTERNAL_SERVER_ERROR) and a message; a 4xx has errors; a BAD_USER_INPUT names the
 * argument or variable at fault.
 */
export function checkGraphqlResponse(response: InjectedResponse): { status: number; body: GraphqlBody } {
  const status = response.statusCode
  if (status >= 500) throw new PropertyViolation('a 5xx', response)
  const body = parsed(response) as GraphqlBody
  if (body === null || typeof body !== 'object') throw new PropertyViolation('the body is not a GraphQL response', response)
  if (status >= 400 && !body.errors?.length) throw new PropertyViolation('a 4xx without errors', response)
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code
    if (typeof code !== 'string' || !CODE.test(code)) throw new PropertyViolation('an error without a stable extensions.code', response)
    if (code === 'INTERNAL_SERVER_ERROR') throw new PropertyViolation('an internal error', response)
    if (typeof error.message !== 'string' || error.message.trim() === '') throw new PropertyViolation('an error without a message', response)
    if (code === 'BAD_USER_INPUT') {
      const problems = error.extensions?.problems
      const located = Array.isArray(problems) ? problems.length > 0 && problems.every((p) => Array.isArray(p.path) && p.path.length > 0) : /\$\w+|argument|"\w+"/.test(error.message)
      if (!located) throw new PropertyViolation('BAD_USER_INPUT that does not name the argument or variable', response)
    }
  }
  return { status, body }
}

/**
 * Percent-encodes every byte of the UTF-8 form but the unreserved ones. Unlike
 * encodeURIComponent it takes lone surrogates (as U+FFFD, which is what a client would send).
 */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => (/[\w.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('')
}

export function inject(app: FastifyInstance, options: InjectOptions): Promise<InjectedResponse> {
  return app.inject(options)
}

// ---------------------------------------------------------------------------------------------
// The database after a run

const COUNTED = [
  'articles',
  'article_revisions',
  'article_authors',
  'article_tags',
  'related_links',
  'slug_redirects',
  'sections',
  'authors',
  'tags',
  'media_assets',
  'promo_blocks',
  'site_settings',
  'audit_events',
  'publication_events',
  'webhook_events',
] as const

/** Rows per table, and the sum of their versions where they have one: what a write would move. */
export async function tableCounts(database: Database): Promise<Record<string, number>> {
  const selects = COUNTED.map((table) => `SELECT '${table}' AS name, count(*)::int AS n FROM ${table}`).join(' UNION ALL ')
  const rows = resultRows(await database.db.execute(sql.raw(selects)))
  const versions = resultRows(
    await database.db.execute(
      sql.raw(['articles', 'sections', 'authors', 'tags', 'media_assets', 'promo_blocks', 'site_settings'].map((table) => `SELECT '${table}.version' AS name, coalesce(sum(version), 0)::int AS n FROM ${table}`).join(' UNION ALL ')),
    ),
  )
  return Object.fromEntries([...rows, ...versions].map((row) => [String(row.name), Number(row.n)]))
}

import { z } from 'zod'
import { articleOrders } from '../../../domain/articles/article-order.js'
import { slugSchema } from '../../../domain/articles/articles.schemas.js'
import { MAX_PAGE_SIZE } from '../../../domain/pagination/page-size.js'

/** Instants leave as GraphQL's DateTime writes them: ISO 8601 with a time zone. */
export const dateTime = z.iso.datetime({ offset: true })

const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z')
const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z')

/** Instants a caller sends (query strings, JSON bodies): ISO 8601 with a time zone, read as a Date. */
export const instant = z
  .codec(
    // Beyond these years toISOString writes +010000-… and GraphQL's DateTime (REST reads go through it) refuses it.
    z.iso.datetime({ offset: true }).refine((value) => {
      const time = Date.parse(value)
      return time >= EARLIEST_INSTANT && time <= LATEST_INSTANT
    }, 'must be an instant from the year 1 to 9999 (UTC)'),
    z.date(),
    { decode: (value) => new Date(value), encode: (date) => date.toISOString() },
  )
  .describe('An ISO 8601 instant with a time zone, e.g. 2026-11-22T09:30:00Z')

export const idParams = z.object({ id: z.uuid({ message: 'must be an id (UUID)' }).describe('The id, the same as in GraphQL') })
export const slugParams = z.object({ slug: z.string().min(1).max(200).describe('The current slug (an article also answers to its former slugs)') })
export { slugSchema }

/** Query-string flags: only the spellings a person would type. */
export const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')

export const previewQuery = z.object({
  preview: flag.optional().describe('The latest saved state, drafts included (a preview token or above)'),
})

/** `first` from the query string, capped at the page size every list allows. */
export const firstParam = (defaultSize: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, `must be from 0 to ${MAX_PAGE_SIZE}`)
    .max(MAX_PAGE_SIZE, `must be from 0 to ${MAX_PAGE_SIZE}`)
    .optional()
    .describe(`Page size, from 0 to ${MAX_PAGE_SIZE} (default ${defaultSize})`)

export const pageQuery = z.object({
  first: firstParam(20),
  after: z.string().min(1).max(512).optional().describe('The endCursor of the previous page (the Link rel="next" header carries it)'),
})

export const orderQuery = z.object({
  orderBy: z.enum(articleOrders).optional().describe('Default PUBLISHED_AT_DESC'),
})

const problem = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe('Where the bad value was sent, e.g. ["query", "first"] or ["body", "headline"]'),
  message: z.string(),
})

/** The one error shape of the HTTP API (see src/plugins/error-handler.ts). */
export const errorSchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('Stable: BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, PRECONDITION_FAILED, PRECONDITION_REQUIRED, RATE_LIMITED…'),
      message: z.string().describe('What to fix'),
      problems: z.array(problem).optional().describe('Every bad value, for BAD_USER_INPUT'),
      currentVersion: z.int().optional().describe('For PRECONDITION_FAILED: the version to read again'),
      expectedVersion: z.int().optional().describe('For PRECONDITION_FAILED: the version If-Match named'),
    }),
  })
  .meta({ id: 'Error' })

const errorDescriptions = {
  400: 'Bad input: `error.problems` lists every bad value (BAD_USER_INPUT)',
  401: 'No valid token (UNAUTHENTICATED)',
  403: 'The token’s role is too small (FORBIDDEN)',
  404: 'Not found, or not visible to this caller (NOT_FOUND)',
  412: 'If-Match names a version that is no longer current; nothing changed (PRECONDITION_FAILED)',
  428: 'This change needs an If-Match header with the ETag you read (PRECONDITION_REQUIRED)',
  429: 'Too many requests; see Retry-After (RATE_LIMITED)',
  500: 'Internal error (INTERNAL_SERVER_ERROR)',
} as const

type ErrorStatus = keyof typeof errorDescriptions

const errorResponses = (statuses: ErrorStatus[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorSchema.describe(errorDescriptions[status])])) as Record<ErrorStatus, typeof errorSchema>

/** Errors a read can answer with (401: an invalid token, or preview without one). */
export const readErrors = errorResponses([400, 401, 403, 404, 429, 500])
/** Errors a create can answer with. */
export const createErrors = errorResponses([400, 401, 403, 404, 429, 500])
/** Errors a change to an existing resource can answer with. */
export const changeErrors = errorResponses([400, 401, 403, 404, 412, 428, 429, 500])

/** Response headers, documented on the statuses that carry them. */
export const headerDocs = {
  etag: { type: 'string', description: 'Strong ETag of the version, e.g. "v3": send it back in If-Match to change the resource, or in If-None-Match to revalidate' },
  contentEtag: { type: 'string', description: 'Strong ETag of these bytes: send it in If-None-Match to revalidate' },
  location: { type: 'string', description: 'Where the resource is' },
  link: { type: 'string', description: 'Link to the next page: <…>; rel="next" (absent on the last page)' },
  surrogateKey: { type: 'string', description: 'Entities and lists in this response, for CDN purges' },
} as const

// Loose: the validated headers replace request.headers, and every other header must stay.
export const ifMatchHeaders = z.looseObject({
  'if-match': z.string().optional().describe('The ETag of the version you read, e.g. "v3" (required: 428 without it, 412 when stale)'),
})

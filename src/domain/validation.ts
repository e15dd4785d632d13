import type { z } from 'zod'
import { BadUserInputError, type FieldProblem } from '../errors.js'

/**
 * Parses with a zod schema; failure lists every bad field with its path (BAD_USER_INPUT).
 * Every service input comes through here, so values no schema rule catches but PostgreSQL cannot
 * take are refused here too, with their path, rather than failing in SQL as a 500.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) {
    throw new BadUserInputError(
      result.error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)), message: issue.message })),
    )
  }
  const problems = unstorable(result.data, [])
  if (problems.length > 0) throw new BadUserInputError(problems)
  return result.data
}

// PostgreSQL's timestamps and ISO 8601 (as toISOString writes it) agree on years 1 to 9999 only.
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z')
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Text PostgreSQL refuses (NUL) or would silently mangle (a lone UTF-16 surrogate becomes U+FFFD),
 * and instants outside the years it and ISO 8601 share, anywhere in a parsed input.
 */
function unstorable(value: unknown, path: (string | number)[]): FieldProblem[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ path, message: 'must not contain the NUL character (U+0000)' }]
    if (LONE_SURROGATE.test(value)) return [{ path, message: 'must be valid Unicode: it holds a lone surrogate (U+D800 to U+DFFF)' }]
    return []
  }
  if (value instanceof Date) {
    const time = value.getTime()
    return time >= EARLIEST && time <= LATEST ? [] : [{ path, message: 'must be an instant from the year 1 to 9999 (UTC)' }]
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorable(item, [...path, index]))
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => unstorable(item, [...path, key]))
  return []
}

import type { z } from 'zod'
import { BadUserInputError } from '../errors.js'

/** Parses with a zod schema; failure lists every bad field with its path (BAD_USER_INPUT). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new BadUserInputError(
    result.error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)), message: issue.message })),
  )
}

import { BadUserInputError } from '../../errors.js'

/**
 * Opaque keyset cursors: base64url of [order, sortValue, id]. The order is inside so a cursor
 * from one ordering is refused by another instead of silently skipping rows.
 */
export interface CursorPosition {
  order: string
  value: string | number
  id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// Years 1 to 9999, as toISOString writes them (PostgreSQL has no year 0).
const CANONICAL_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * A sort value this order could have written, so a forged one is refused here rather than by
 * SQL's casts: the orders named after a timestamp column (PUBLISHED_AT_DESC…) write instants as
 * toISOString does; the others (search's RANK) a number that fits a `real`, as which it is compared.
 */
function sortValueFits(order: string, value: unknown): value is string | number {
  if (/_AT_(?:ASC|DESC)$/.test(order)) {
    return typeof value === 'string' && CANONICAL_INSTANT.test(value) && new Date(value).toISOString() === value
  }
  if (typeof value !== 'number') return false
  // As single precision: neither overflowing to infinity nor a non-zero underflowing to zero.
  const real = Math.fround(value)
  return Number.isFinite(real) && (real !== 0 || value === 0)
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.order, position.value, position.id])).toString('base64url')
}

export function decodeCursor(cursor: string, expectedOrder: string, argument = 'after'): CursorPosition {
  const invalid = () => BadUserInputError.at([argument], 'is not a cursor returned by this list; start again without it')
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid()
  const [order, value, id] = parsed as unknown[]
  if (typeof order !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalid()
  if (order !== expectedOrder) {
    throw BadUserInputError.at([argument], `belongs to a list ordered by ${order}, not ${expectedOrder}`)
  }
  if (!sortValueFits(order, value)) throw invalid()
  return { order, value, id }
}

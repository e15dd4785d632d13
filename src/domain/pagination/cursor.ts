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
  if (typeof value !== 'string' && (typeof value !== 'number' || !Number.isFinite(value))) throw invalid()
  if (order !== expectedOrder) {
    throw BadUserInputError.at([argument], `belongs to a list ordered by ${order}, not ${expectedOrder}`)
  }
  return { order, value, id }
}

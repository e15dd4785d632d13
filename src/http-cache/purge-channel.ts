import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/database.js'

/** The NOTIFY channel on which writes announce the surrogate keys they made stale. */
export const CACHE_PURGE_CHANNEL = 'masthead_cache_purge'

// NOTIFY payloads must stay under 8000 bytes; a longer list purges everything instead.
const MAX_PAYLOAD = 7900

/**
 * Announces stale keys from inside the writing transaction: PostgreSQL delivers the
 * notification when (and only if) the transaction commits, to every listening instance.
 */
export async function announcePurge(tx: Executor, keys: Iterable<string>): Promise<void> {
  await tx.execute(sql`SELECT ${purgeNotification(keys)}`)
}

/** The pg_notify call of announcePurge, as an expression for a caller's statement. */
export function purgeNotification(keys: Iterable<string>): SQL {
  const payload = [...new Set(keys)].join(' ')
  return sql`pg_notify(${CACHE_PURGE_CHANNEL}, ${payload.length > MAX_PAYLOAD ? '*' : payload})`
}

export function parsePurgeMessage(payload: string): string[] | 'all' {
  if (payload === '*') return 'all'
  return payload.split(' ').filter(Boolean)
}

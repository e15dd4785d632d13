import { sql } from 'drizzle-orm'
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
  const payload = [...new Set(keys)].join(' ')
  await tx.execute(sql`SELECT pg_notify(${CACHE_PURGE_CHANNEL}, ${payload.length > MAX_PAYLOAD ? '*' : payload})`)
}

export function parsePurgeMessage(payload: string): string[] | 'all' {
  if (payload === '*') return 'all'
  return payload.split(' ').filter(Boolean)
}

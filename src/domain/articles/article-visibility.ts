import { sql, type SQL } from 'drizzle-orm'

/**
 * The one definition of "the public may see this article at this instant": live status, inside
 * its publish window (to the second, so no cron is needed), not in the trash. Every public read
 * path, including relations, search and counts, goes through it. `alias` names the articles row.
 */
export function articleLiveAt(at: Date, alias = 'a'): SQL {
  const a = sql.raw(alias)
  return sql`(${a}.status IN ('scheduled', 'published') AND ${a}.deleted_at IS NULL AND ${a}.publish_at <= ${at.toISOString()}::timestamptz AND (${a}.unpublish_at IS NULL OR ${a}.unpublish_at > ${at.toISOString()}::timestamptz))`
}

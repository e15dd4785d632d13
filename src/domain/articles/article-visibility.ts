import { sql, type SQL } from 'drizzle-orm'

/**
 * The one definition of "the public may see this article at this instant": live status, inside
 * its publish window (to the second, so no cron is needed), not in the trash. Every public read
 * path, including relations, search and counts, goes through it. `alias` names the articles row;
 * `at` is the instant, or an SQL expression for it (a compiled statement's parameter).
 */
export function articleLiveAt(at: Date | SQL, alias = 'a'): SQL {
  const a = sql.raw(alias)
  const instant = at instanceof Date ? sql`${at.toISOString()}::timestamptz` : at
  return sql`(${a}.status IN ('scheduled', 'published') AND ${a}.deleted_at IS NULL AND ${a}.publish_at <= ${instant} AND (${a}.unpublish_at IS NULL OR ${a}.unpublish_at > ${instant}))`
}

import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { siteSettings } from '../../db/tables/site-settings.js'
import { jsonObjectSql, parseJsonValue, rowFromJson } from '../entities/json-row.js'

export type SiteRow = typeof siteSettings.$inferSelect

/** Settings of a site nobody has configured yet: enough for a frontend to render. */
export const unconfiguredSite: SiteRow = {
  id: 1,
  name: 'Masthead',
  tagline: null,
  url: null,
  language: 'en',
  timezone: 'UTC',
  socialLinks: [],
  newsletterTitle: null,
  newsletterText: null,
  newsletterUrl: null,
  version: 0,
  updatedAt: new Date(0),
}

export async function findSite(exec: Executor): Promise<SiteRow> {
  const [row] = await exec.select().from(siteSettings).where(eq(siteSettings.id, 1))
  return row ?? unconfiguredSite
}

const siteColumns = getTableColumns(siteSettings)

/** The row `findSite` reads, as one JSON value (null when unconfigured) for another statement to carry along. */
export const siteJsonSql: SQL = sql.raw(`(SELECT ${jsonObjectSql(siteColumns, 'ss')} FROM site_settings ss WHERE ss.id = 1)`)

export function siteFromJson(value: unknown): SiteRow {
  const raw = parseJsonValue(value) as Record<string, unknown> | null
  return raw === null ? unconfiguredSite : rowFromJson(siteColumns, raw) as SiteRow
}

import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { siteSettings } from '../../db/tables/site-settings.js'

export type SiteRow = typeof siteSettings.$inferSelect

/** Settings of a site nobody has configured yet: enough for a frontend to render. */
const unconfigured: SiteRow = {
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
  return row ?? unconfigured
}

const siteColumns = getTableColumns(siteSettings)

/** The row `findSite` reads, as one JSON value (null when unconfigured) for another statement to carry along. */
export const siteJsonSql: SQL = sql.raw(`(SELECT json_build_object(${Object.entries(siteColumns)
  .map(([key, column]) => `'${key}', ss.${column.name}`)
  .join(', ')}) FROM site_settings ss WHERE ss.id = 1)`)

export function siteFromJson(value: unknown): SiteRow {
  // node-postgres parses json columns; PGlite may hand back the text.
  const raw = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null
  if (raw === null) return unconfigured
  const row: Record<string, unknown> = {}
  // Each column's own driver mapping, as a select would apply it (a Date from the timestamp text).
  for (const [key, column] of Object.entries(siteColumns)) row[key] = raw[key] === null ? null : column.mapFromDriverValue(raw[key])
  return row as SiteRow
}

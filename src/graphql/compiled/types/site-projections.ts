import { sql } from 'drizzle-orm'
import { unconfiguredSite } from '../../../domain/site/site.repository.js'
import { surrogateKeys } from '../../../http-cache/surrogate-keys.js'
import { col, column, inline, one, type FieldContext, type TypeProjection } from '../projection.js'
import { nonEmpty, textLiteral } from '../sql-values.js'
import { socialLinks } from './people-projections.js'

/** A stored setting, or its value on a site nobody has configured yet (findSite). */
const setting = (name: string, fallback: string | number | null) =>
  column((row) =>
    fallback === null ? col(row, name) : sql`coalesce(${col(row, name)}, ${typeof fallback === 'number' ? sql.raw(String(fallback)) : textLiteral(fallback)})`,
  )

/** The site settings row, as a to-one relation that always yields a site (the unconfigured one when the row is missing). */
export function siteSettings(context: FieldContext) {
  return one(context, 'Site', {
    prefix: 'ss',
    from: (alias) => sql.raw(`(SELECT 1) one LEFT JOIN site_settings ${alias} ON ${alias}.id = 1`),
    where: () => sql`true`,
  })
}

export const siteProjection: TypeProjection = {
  staticKey: surrogateKeys.site,
  fields: {
    version: setting('version', unconfiguredSite.version),
    name: setting('name', unconfiguredSite.name),
    tagline: setting('tagline', null),
    url: setting('url', null),
    language: setting('language', unconfiguredSite.language),
    timezone: setting('timezone', unconfiguredSite.timezone),
    socialLinks: (context) => socialLinks(context, col(context.row, 'social_links')),
    newsletter: (context) => {
      const newsletter = inline(context, 'Newsletter')
      return { ...newsletter, json: sql`CASE WHEN ${nonEmpty(col(context.row, 'newsletter_text'))} IS NOT NULL THEN ${newsletter.json} END` }
    },
  },
}

export const newsletterProjection: TypeProjection = {
  fields: {
    title: column((row) => col(row, 'newsletter_title')),
    text: column((row) => col(row, 'newsletter_text')),
    url: column((row) => col(row, 'newsletter_url')),
  },
}

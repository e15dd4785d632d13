import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { actorOf, requireRole } from '../../auth/principal.js'
import { siteSettings } from '../../db/tables/site-settings.js'
import { VersionConflictError } from '../articles/article-mutation.js'
import { recordChange } from '../audit/record-change.js'
import { siteEventKeys } from '../../webhooks/event-keys.js'
import { httpUrl, nonEmpty, optionalText, requiredText, socialLinksSchema } from '../entities/field-schemas.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'
import { findSite, type SiteRow } from './site.repository.js'

const fields = z.object({
  name: requiredText(200),
  tagline: optionalText(300),
  url: httpUrl.nullish(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en or en-GB'),
  timezone: requiredText(64),
  socialLinks: socialLinksSchema,
  newsletterTitle: optionalText(200),
  newsletterText: optionalText(2000),
  newsletterUrl: httpUrl.nullish(),
})
export const siteSettingsInputSchema = nonEmpty(fields)
const updateSiteSchema = z.object({ expectedVersion: z.number().int().min(0), input: siteSettingsInputSchema })

/**
 * Site settings are one row (admins only). Version 0 means "never configured": the first save
 * creates the row, and two admins configuring a new site at once cannot both win.
 */
export async function updateSiteSettings(context: WriteContext, expectedVersion: unknown, rawInput: unknown): Promise<SiteRow> {
  requireRole(context.principal, 'admin', 'Changing site settings')
  const actor = actorOf(context.principal)
  const { expectedVersion: expected, input } = parseInput(updateSiteSchema, { expectedVersion, input: rawInput })
  return context.db.transaction(async (tx) => {
    const current = await findSite(tx)
    if (current.version !== expected) throw new VersionConflictError('site settings', expected, current.version)
    const values = { ...input, updatedAt: context.now }
    const [row] =
      current.version === 0
        ? await tx.insert(siteSettings).values({ ...current, ...values, version: 1 }).onConflictDoNothing().returning()
        : await tx
            .update(siteSettings)
            .set({ ...values, version: sql`${siteSettings.version} + 1` })
            .where(sql`${siteSettings.id} = 1 AND ${siteSettings.version} = ${expected}`)
            .returning()
    if (!row) throw new VersionConflictError('site settings', expected, (await findSite(tx)).version)
    await recordChange(tx, actor, {
      action: 'site.update',
      entity: { type: 'site', id: '1', version: row.version },
      details: { version: row.version, fields: Object.keys(input) },
      surrogateKeys: siteEventKeys(),
      at: context.now,
    })
    return row
  })
}

import { sql } from 'drizzle-orm'
import { surrogateKeys } from '../../../http-cache/surrogate-keys.js'
import { AT } from '../plan-builder.js'
import { col, column, columnNamed, entityProjection, inline, one, type FieldContext, type TypeProjection } from '../projection.js'
import { isoInstant, nonEmpty } from '../sql-values.js'

/**
 * Image, Credit and Licence on a media_assets row, as content-resolvers.ts maps them. `given`
 * may carry `captionOverride`: the caption of this use (an article's lead image caption).
 */
export const imageProjection: TypeProjection = entityProjection(surrogateKeys.media, {
  url: columnNamed('url'),
  alt: columnNamed('alt'),
  caption: (context) => ({ json: context.given.captionOverride ? sql`coalesce(${context.given.captionOverride}, ${col(context.row, 'caption')})` : col(context.row, 'caption'), keys: [], ok: [], joins: [] }),
  width: columnNamed('width'),
  height: columnNamed('height'),
  mimeType: columnNamed('mime_type'),
  credit: (context) => inline(context, 'Credit'),
})

/** The printed credit line (credit-line.ts): the exact line when given, else "Creator/Provider". */
const creditLineSql = (row: string) =>
  sql`coalesce(${nonEmpty(col(row, 'credit_line'))}, ${nonEmpty(sql`concat_ws('/', ${nonEmpty(col(row, 'credit_creator'))}, ${nonEmpty(col(row, 'credit_provider'))})`)})`

export const creditProjection: TypeProjection = {
  fields: {
    creator: columnNamed('credit_creator'),
    provider: columnNamed('credit_provider'),
    line: column(creditLineSql),
    licence: (context: FieldContext) => {
      const licence = inline(context, 'Licence')
      return { ...licence, json: sql`CASE WHEN ${nonEmpty(col(context.row, 'licence_name'))} IS NOT NULL THEN ${licence.json} END` }
    },
  },
}

export const licenceProjection: TypeProjection = {
  fields: {
    name: columnNamed('licence_name'),
    url: columnNamed('licence_url'),
    expiresAt: column((row) => isoInstant(col(row, 'licence_expires_at'))),
    valid: column((row) => sql`(${col(row, 'licence_expires_at')} IS NULL OR ${col(row, 'licence_expires_at')} > ${AT})`),
  },
}

/** A media asset by id, as a to-one relation (a trashed asset reads as absent, as in findMediaByIds). */
export function mediaById(context: FieldContext, idColumn: string, captionOverride?: string) {
  return one(context, 'Image', {
    prefix: 'm',
    from: (alias) => sql.raw(`media_assets ${alias}`),
    where: (alias) => sql.raw(`${alias}.id = ${context.row}.${idColumn} AND ${alias}.deleted_at IS NULL`),
    ...(captionOverride === undefined ? {} : { given: () => ({ captionOverride: col(context.row, captionOverride) }) }),
  })
}

import { z } from 'zod'
import { mediaAssets } from '../../db/tables/media-assets.js'
import { httpUrl, nonEmpty, optionalText, text } from '../entities/field-schemas.js'
import type { EntitySpec } from '../entities/versioned-entity.js'
import type { MediaRow } from './media.repository.js'

const fields = z.object({
  url: httpUrl,
  alt: text(1000),
  caption: optionalText(2000),
  width: z.number().int().min(1).max(100_000).nullish(),
  height: z.number().int().min(1).max(100_000).nullish(),
  mimeType: z.string().regex(/^(image|video|audio)\/[\w.+-]+$/, 'must be a media type such as image/jpeg'),
  creditCreator: optionalText(200),
  creditProvider: optionalText(200),
  licenceName: optionalText(200),
  licenceUrl: httpUrl.nullish(),
  licenceExpiresAt: z.date().nullish(),
  creditLine: optionalText(300),
})

/** Contributors may add photos with their credits; trashing one clears it from pages at once. */
export const mediaSpec: EntitySpec<MediaRow & { deletedAt: Date | null }> = {
  name: 'media',
  table: mediaAssets,
  createSchema: fields.extend({ alt: fields.shape.alt.default('') }),
  updateSchema: nonEmpty(fields),
  writeRole: 'contributor',
  trashRole: 'editor',
  toRow: (raw) => raw as unknown as MediaRow & { deletedAt: Date | null },
}

import { z } from 'zod'
import { mediaAssets } from '../../db/tables/media-assets.js'
import { httpUrl, nonEmpty, optionalText, text } from '../entities/field-schemas.js'
import type { EntitySpec } from '../entities/versioned-entity.js'
import { rerenderBodiesEmbedding } from '../renditions/rerender-embedding-bodies.js'
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

// The fields an image in a body shows (toRenderableMedia): a change to any of them re-renders those bodies.
const renderedFields = ['url', 'alt', 'caption', 'width', 'height', 'creditCreator', 'creditProvider', 'creditLine'] as const

/** Contributors may add photos with their credits; trashing one clears it from pages at once. */
export const mediaSpec: EntitySpec<MediaRow & { deletedAt: Date | null }> = {
  name: 'media',
  table: mediaAssets,
  createSchema: fields.extend({ alt: fields.shape.alt.default('') }),
  updateSchema: nonEmpty(fields),
  writeRole: 'contributor',
  trashRole: 'editor',
  // Bodies show an asset until it goes to the trash, and again once restored; a new one is in no body yet.
  propagate: (tx, { verb, id, input }) =>
    verb === 'create' || (verb === 'update' && !renderedFields.some((field) => input?.[field] !== undefined)) ? Promise.resolve([]) : rerenderBodiesEmbedding(tx, id),
  toRow: (raw) => raw as unknown as MediaRow & { deletedAt: Date | null },
}

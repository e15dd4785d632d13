import { z } from 'zod'
import { promoBlocks, promoKinds, promoPlacements } from '../../db/tables/promo-blocks.js'
import { articleBodySchema } from '../articles/article-write.schemas.js'
import { httpUrl, nonEmpty, optionalText, requiredText } from '../entities/field-schemas.js'
import type { EntitySpec } from '../entities/versioned-entity.js'
import { promoBodyColumns } from '../renditions/body-columns.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import type { PromoRow } from './promos.repository.js'
import { sectionProblems } from '../sections/section-references.js'

const fields = z.object({
  kind: z.enum(promoKinds),
  placement: z.enum(promoPlacements),
  title: requiredText(300),
  body: articleBodySchema,
  linkUrl: httpUrl.nullish(),
  linkLabel: optionalText(100),
  startsAt: z.date().nullish(),
  endsAt: z.date().nullish(),
  sectionId: z.uuid().nullish(),
  priority: z.number().int().min(-1000).max(1000),
})

const windowOrdered = (input: { startsAt?: Date | null; endsAt?: Date | null }) => !input.startsAt || !input.endsAt || input.endsAt > input.startsAt
const orderMessage = { message: 'must be later than startsAt', path: ['endsAt'] }

export const promoSpec: EntitySpec<PromoRow & { deletedAt: Date | null }> = {
  name: 'promo',
  table: promoBlocks,
  createSchema: fields.extend({ body: articleBodySchema.default([]), priority: fields.shape.priority.default(0) }).refine(windowOrdered, orderMessage),
  updateSchema: nonEmpty(fields).refine(windowOrdered, orderMessage),
  writeRole: 'editor',
  trashRole: 'editor',
  checkReferences: (tx, input) => sectionProblems(tx, input.sectionId as string | null | undefined),
  derive: async (tx, input) => (input.body === undefined ? {} : promoBodyColumns(tx, input.body as PortableTextBlock[])),
  toRow: (raw) => raw as unknown as PromoRow & { deletedAt: Date | null },
}

import { z } from 'zod'
import { promoPlacements } from '../../db/tables/promo-blocks.js'
import { slugSchema } from '../articles/articles.schemas.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import { idArgsSchema } from '../articles/article-write.schemas.js'
import { findOpenPromos, findPromoById, type PromoRow } from './promos.repository.js'

const promoArgsSchema = z.object({
  placement: z.enum(promoPlacements).nullish(),
  section: slugSchema.nullish(),
})

/** Promos open at the scope's instant for a page in `section` (by slug), or site-wide ones. */
export async function openPromos(scope: ReadScope, input: unknown): Promise<PromoRow[]> {
  const args = parseInput(promoArgsSchema, input)
  const tree = await scope.sectionTree()
  const section = args.section ? tree.bySlug(args.section) : undefined
  const sectionPath = section ? tree.path(section.id).map((s) => s.id) : []
  return findOpenPromos(scope.db, { at: scope.at, sectionPath, placement: args.placement ?? undefined })
}

/** Promos open for an article's page: its section and every section above it. */
export async function openPromosForSection(scope: ReadScope, sectionId: string | null, placement?: PromoRow['placement']): Promise<PromoRow[]> {
  const tree = await scope.sectionTree()
  const sectionPath = sectionId ? tree.path(sectionId).map((s) => s.id) : []
  return findOpenPromos(scope.db, { at: scope.at, sectionPath, placement })
}

/** One promo by id: while its window is open, or in any window for a preview scope. */
export async function findPromo(scope: ReadScope, rawId: unknown): Promise<PromoRow | undefined> {
  const { id } = parseInput(idArgsSchema, { id: rawId })
  return findPromoById(scope.db, id, scope.preview ? undefined : scope.at)
}

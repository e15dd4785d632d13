import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { sections } from '../../db/tables/sections.js'
import type { FieldProblem } from '../../errors.js'
import { surrogateKeys } from '../../http-cache/surrogate-keys.js'
import { slugSchema } from '../articles/articles.schemas.js'
import { resultRows } from '../articles/articles.repository.js'
import { countRows, plural } from '../entities/count-rows.js'
import { nonEmpty, optionalText, requiredText } from '../entities/field-schemas.js'
import type { EntitySpec } from '../entities/versioned-entity.js'
import type { SectionRow } from './section-tree.js'

const fields = z.object({
  slug: slugSchema,
  name: requiredText(100),
  description: optionalText(1000),
  parentId: z.uuid().nullish(),
  position: z.number().int().min(0).max(100_000),
  kind: z.enum(['standard', 'vertical']),
  tagline: optionalText(200),
})

export const sectionSpec: EntitySpec<SectionRow & { deletedAt: Date | null }> = {
  name: 'section',
  table: sections,
  createSchema: fields.extend({ slug: slugSchema.optional(), position: fields.shape.position.default(0), kind: fields.shape.kind.default('standard') }),
  updateSchema: nonEmpty(fields),
  writeRole: 'editor',
  trashRole: 'editor',
  slug: { column: sections.slug, from: 'name' },
  async checkReferences(tx, input, selfId) {
    const parentId = input.parentId as string | null | undefined
    if (!parentId) return []
    const problems: FieldProblem[] = []
    // The parent must exist, and must not sit below this section (that would make a loop).
    const result = await tx.execute(sql`
      WITH RECURSIVE up AS (
        SELECT id, parent_id, deleted_at, 0 AS depth FROM sections WHERE id = ${parentId}::uuid
        UNION ALL SELECT s.id, s.parent_id, s.deleted_at, up.depth + 1 FROM sections s JOIN up ON s.id = up.parent_id WHERE up.depth < 100
      )
      SELECT (SELECT deleted_at IS NULL FROM up WHERE depth = 0) AS usable, EXISTS (SELECT 1 FROM up WHERE id = ${selfId ?? null}::uuid) AS loop`)
    const row = resultRows(result)[0]
    if (row?.usable !== true) problems.push({ path: ['input', 'parentId'], message: 'is not a section (or it is in the trash)' })
    else if (row.loop === true) problems.push({ path: ['input', 'parentId'], message: 'is this section or one below it: sections cannot loop' })
    return problems
  },
  async blockers(tx, id) {
    const articles = await countRows(tx, 'articles', sql`section_id = ${id}::uuid AND deleted_at IS NULL`)
    const children = await countRows(tx, 'sections', sql`parent_id = ${id}::uuid AND deleted_at IS NULL`)
    if (articles + children === 0) return undefined
    return `still has ${[articles ? plural(articles, 'article') : '', children ? plural(children, 'subsection') : ''].filter(Boolean).join(' and ')}: move them or delete them first`
  },
  async purgeBlockers(tx, id) {
    const articles = await countRows(tx, 'articles', sql`section_id = ${id}::uuid`)
    const children = await countRows(tx, 'sections', sql`parent_id = ${id}::uuid`)
    return articles + children > 0 ? `is still referred to by ${plural(articles, 'article')} and ${plural(children, 'subsection')}, counting the trash` : undefined
  },
  // A section's articles are listed in every section above it: moving it changes those lists.
  async listKeys(tx, id) {
    const result = await tx.execute(sql`
      WITH RECURSIVE up AS (
        SELECT parent_id AS id, 0 AS depth FROM sections WHERE id = ${id}::uuid AND parent_id IS NOT NULL
        UNION ALL SELECT s.parent_id, up.depth + 1 FROM sections s JOIN up ON s.id = up.id WHERE s.parent_id IS NOT NULL AND up.depth < 100
      )
      SELECT id FROM up`)
    return resultRows(result).map((row) => surrogateKeys.sectionArticles(String(row.id)))
  },
  toRow: (raw) => raw as unknown as SectionRow & { deletedAt: Date | null },
}

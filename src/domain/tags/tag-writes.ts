import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { tags } from '../../db/tables/tags.js'
import { slugSchema } from '../articles/articles.schemas.js'
import { countRows, plural } from '../entities/count-rows.js'
import { nonEmpty, optionalText, requiredText } from '../entities/field-schemas.js'
import type { EntitySpec } from '../entities/versioned-entity.js'
import type { TagRow } from './tags.repository.js'

const fields = z.object({ slug: slugSchema, name: requiredText(100), description: optionalText(1000) })

export const tagSpec: EntitySpec<TagRow & { version: number; deletedAt: Date | null }> = {
  name: 'tag',
  table: tags,
  createSchema: fields.extend({ slug: slugSchema.optional() }),
  updateSchema: nonEmpty(fields),
  writeRole: 'contributor',
  trashRole: 'editor',
  slug: { column: tags.slug, from: 'name' },
  async purgeBlockers(tx, id) {
    const uses = await countRows(tx, 'article_tags', sql`tag_id = ${id}::uuid`)
    return uses > 0 ? `still tags ${plural(uses, 'article')}: untag them first` : undefined
  },
  toRow: (raw) => raw as unknown as TagRow & { version: number; deletedAt: Date | null },
}

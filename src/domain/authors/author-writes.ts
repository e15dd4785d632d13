import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { authors } from '../../db/tables/authors.js'
import { slugSchema } from '../articles/articles.schemas.js'
import { countRows, plural } from '../entities/count-rows.js'
import { nonEmpty, optionalText, requiredText, socialLinksSchema } from '../entities/field-schemas.js'
import { mediaProblems } from '../media/media-references.js'
import type { EntitySpec } from '../entities/versioned-entity.js'
import type { AuthorRow } from './authors.repository.js'

const fields = z.object({
  slug: slugSchema,
  name: requiredText(200),
  roleTitle: optionalText(200),
  bio: optionalText(5000),
  photoId: z.uuid().nullish(),
  socialLinks: socialLinksSchema,
})

/** A trashed author drops out of bylines at once; purging waits until no article credits them. */
export const authorSpec: EntitySpec<AuthorRow & { deletedAt: Date | null }> = {
  name: 'author',
  table: authors,
  createSchema: fields.extend({ slug: slugSchema.optional(), socialLinks: socialLinksSchema.default([]) }),
  updateSchema: nonEmpty(fields),
  writeRole: 'editor',
  trashRole: 'editor',
  slug: { column: authors.slug, from: 'name' },
  checkReferences: (tx, input) => mediaProblems(tx, { photoId: input.photoId as string | null | undefined }),
  async purgeBlockers(tx, id) {
    const credits = await countRows(tx, 'article_authors', sql`author_id = ${id}::uuid`)
    return credits > 0 ? `is still credited on ${plural(credits, 'article')}: remove those bylines first` : undefined
  },
  toRow: (raw) => raw as unknown as AuthorRow & { deletedAt: Date | null },
}

import { sql, type SQL } from 'drizzle-orm'
import { surrogateKeys } from '../../../http-cache/surrogate-keys.js'
import { col, column, columnNamed, entityProjection, many, one, type FieldContext, type TypeProjection } from '../projection.js'
import { enumName } from '../sql-values.js'

// Sections cannot form a loop (writes refuse one); the bound only guards the recursion.
const MAX_SECTION_DEPTH = 64

/**
 * The sections from `sectionId` up to its top-level section (columns of `sections` plus
 * `depth`, 0 for the section itself), through sections not in the trash: SectionTree.path.
 */
export function sectionAncestorsSql(sectionId: SQL): SQL {
  return sql`WITH RECURSIVE up AS (
      SELECT x.*, 0 AS depth FROM sections x WHERE x.id = ${sectionId} AND x.deleted_at IS NULL
      UNION ALL
      SELECT y.*, up.depth + 1 FROM sections y JOIN up ON y.id = up.parent_id WHERE y.deleted_at IS NULL AND up.depth < ${sql.raw(String(MAX_SECTION_DEPTH))})
    SELECT * FROM up`
}

/** The ids of the section with slug `slug` and every section below it: SectionTree.subtreeIds. */
export function sectionSubtreeIdsSql(slug: SQL): SQL {
  return sql`WITH RECURSIVE down AS (
      SELECT x.id, 0 AS depth FROM sections x WHERE x.slug = ${slug} AND x.deleted_at IS NULL
      UNION ALL
      SELECT y.id, down.depth + 1 FROM sections y JOIN down ON y.parent_id = down.id WHERE y.deleted_at IS NULL AND down.depth < ${sql.raw(String(MAX_SECTION_DEPTH))})
    SELECT id FROM down`
}

/** A section by id, as a to-one relation (none when it is in the trash, as in the section tree). */
export function sectionById(context: FieldContext, idColumn: string) {
  return one(context, 'Section', {
    prefix: 's',
    from: (alias) => sql.raw(`sections ${alias}`),
    where: (alias) => sql.raw(`${alias}.id = ${context.row}.${idColumn} AND ${alias}.deleted_at IS NULL`),
  })
}

export const sectionProjection: TypeProjection = entityProjection(surrogateKeys.section, {
  slug: columnNamed('slug'),
  name: columnNamed('name'),
  description: columnNamed('description'),
  kind: column((row) => enumName(col(row, 'kind'))),
  tagline: columnNamed('tagline'),
  parent: (context) => sectionById(context, 'parent_id'),
  path: (context) =>
    many(context, 'Section', {
      prefix: 's',
      rows: sql`(SELECT p.*, row_number() OVER (ORDER BY p.depth DESC) AS o FROM (${sectionAncestorsSql(col(context.row, 'id'))}) p)`,
    }),
})

import { asc, isNull, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { sections } from '../../db/tables/sections.js'
import { SectionTree, type SectionRow } from './section-tree.js'

const treeColumns = {
  id: sections.id,
  slug: sections.slug,
  name: sections.name,
  description: sections.description,
  parentId: sections.parentId,
  position: sections.position,
  kind: sections.kind,
  tagline: sections.tagline,
  version: sections.version,
}

export async function loadSectionTree(exec: Executor): Promise<SectionTree> {
  const rows = await exec.select(treeColumns).from(sections).where(isNull(sections.deletedAt)).orderBy(asc(sections.position))
  return new SectionTree(rows)
}

/** The rows `loadSectionTree` reads, as one JSON value for another statement to carry along. */
export const sectionTreeJsonSql: SQL = sql.raw(`(SELECT coalesce(json_agg(json_build_object(${Object.entries(treeColumns)
  .map(([key, column]) => `'${key}', s.${column.name}`)
  .join(', ')}) ORDER BY s.position), '[]') FROM sections s WHERE s.deleted_at IS NULL)`)

export function sectionTreeFromJson(value: unknown): SectionTree {
  // node-postgres parses json columns; PGlite may hand back the text.
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>[]
  return new SectionTree(
    rows.map((raw) => {
      const row: Record<string, unknown> = {}
      for (const [key, column] of Object.entries(treeColumns)) row[key] = raw[key] === null ? null : column.mapFromDriverValue(raw[key])
      return row as unknown as SectionRow
    }),
  )
}

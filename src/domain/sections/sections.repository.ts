import { asc, isNull } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { sections } from '../../db/tables/sections.js'
import { SectionTree } from './section-tree.js'

export async function loadSectionTree(exec: Executor): Promise<SectionTree> {
  const rows = await exec
    .select({
      id: sections.id,
      slug: sections.slug,
      name: sections.name,
      description: sections.description,
      parentId: sections.parentId,
      position: sections.position,
      kind: sections.kind,
      tagline: sections.tagline,
      version: sections.version,
    })
    .from(sections)
    .where(isNull(sections.deletedAt))
    .orderBy(asc(sections.position))
  return new SectionTree(rows)
}

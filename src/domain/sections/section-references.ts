import { and, eq, isNull } from 'drizzle-orm'
import type { Tx } from '../../db/database.js'
import { sections } from '../../db/tables/sections.js'
import type { FieldProblem } from '../../errors.js'

export async function sectionProblems(tx: Tx, sectionId: string | null | undefined): Promise<FieldProblem[]> {
  if (!sectionId) return []
  const [found] = await tx.select({ id: sections.id }).from(sections).where(and(eq(sections.id, sectionId), isNull(sections.deletedAt)))
  return found ? [] : [{ path: ['input', 'sectionId'], message: 'is not a section (or it is in the trash)' }]
}

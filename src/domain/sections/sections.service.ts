import type { ReadScope } from '../read-scope.js'
import type { SectionRow } from './section-tree.js'

export async function sectionTreeRoots(scope: ReadScope): Promise<SectionRow[]> {
  return (await scope.sectionTree()).roots()
}

export async function findSectionBySlug(scope: ReadScope, slug: string): Promise<SectionRow | undefined> {
  return (await scope.sectionTree()).bySlug(slug)
}

import { lookupKey, lookupKeySchema } from '../entities/lookup-key.js'
import type { ReadScope } from '../read-scope.js'
import { parseInput } from '../validation.js'
import type { SectionRow } from './section-tree.js'

export async function sectionTreeRoots(scope: ReadScope): Promise<SectionRow[]> {
  return (await scope.sectionTree()).roots()
}

/** One section by slug or id (`{ slug }` or `{ id }`); sections in the trash are not found. */
export async function findSection(scope: ReadScope, input: unknown): Promise<SectionRow | undefined> {
  const key = lookupKey(parseInput(lookupKeySchema, input))
  if (!key) return undefined
  const tree = await scope.sectionTree()
  return 'id' in key ? tree.byId(key.id) : tree.bySlug(key.slug)
}

import type { SectionRow } from '../../domain/sections/section-tree.js'
import type { Loader } from './loader-types.js'

/** Parent, children and breadcrumb all come from the request's one read of the section tree. */
function fromTree(pick: (tree: Awaited<ReturnType<import('../../domain/read-scope.js').ReadScope['sectionTree']>>, section: SectionRow) => unknown): Loader<SectionRow, unknown> {
  return async (queries, { scope }) => {
    const tree = await scope.sectionTree()
    return queries.map(({ obj }) => pick(tree, obj))
  }
}

export const sectionLoaders = {
  Section: {
    parent: fromTree((tree, section) => (section.parentId ? (tree.byId(section.parentId) ?? null) : null)),
    children: fromTree((tree, section) => tree.children(section.id)),
    path: fromTree((tree, section) => tree.path(section.id)),
  },
}

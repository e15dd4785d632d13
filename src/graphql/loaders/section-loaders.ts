import type { SectionRow, SectionTree } from '../../domain/sections/section-tree.js'
import type { Loader } from './loader-types.js'

/** Every section field comes from the request's one read of the section tree. */
function fromTree<Parent>(pick: (tree: SectionTree, parent: Parent) => unknown): Loader<Parent, unknown> {
  return async (queries, { scope }) => {
    const tree = await scope.sectionTree()
    return queries.map(({ obj }) => pick(tree, obj))
  }
}

/** The section an article or promo belongs to (null when none, or when it is in the trash). */
export const sectionOf = fromTree<{ sectionId: string | null }>((tree, parent) => (parent.sectionId ? (tree.byId(parent.sectionId) ?? null) : null))

export const sectionLoaders = {
  Article: { section: sectionOf },
  Promo: { section: sectionOf },
  Section: {
    parent: fromTree<SectionRow>((tree, section) => (section.parentId ? (tree.byId(section.parentId) ?? null) : null)),
    children: fromTree<SectionRow>((tree, section) => tree.children(section.id)),
    path: fromTree<SectionRow>((tree, section) => tree.path(section.id)),
  },
}

import { Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql'

/** A document's fragment definitions by name, for rules that follow fragment spreads. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
  }
  return fragments
}

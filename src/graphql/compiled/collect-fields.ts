import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionNode } from 'graphql'
import { Unsupported } from './plan-builder.js'

/** The fields of one response key: graphql-js merges them (validation made sure they agree). */
export interface RequestedField {
  responseKey: string
  name: string
  /** Every node asking for this key; their sub-selections merge. */
  nodes: FieldNode[]
}

/**
 * Groups a selection set by response key, in the order the response lists them, following
 * fragments whose type condition is `typeName` (the schema has no interfaces or unions, so any
 * other condition never applies). `@skip`/`@include` with a literal are honoured; with a
 * variable the plan would depend on its value, which the compiled path leaves to the resolvers.
 */
export function collectFields(
  typeName: string,
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  fields = new Map<string, RequestedField>(),
  visited = new Set<string>(),
): Map<string, RequestedField> {
  for (const selection of selections) {
    if (!included(selection)) continue
    switch (selection.kind) {
      case Kind.FIELD: {
        const responseKey = selection.alias?.value ?? selection.name.value
        const known = fields.get(responseKey)
        if (known) known.nodes.push(selection)
        else fields.set(responseKey, { responseKey, name: selection.name.value, nodes: [selection] })
        break
      }
      case Kind.INLINE_FRAGMENT:
        if (!selection.typeCondition || selection.typeCondition.name.value === typeName) {
          collectFields(typeName, selection.selectionSet.selections, fragments, fields, visited)
        }
        break
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value
        const fragment = fragments.get(name)
        if (!fragment || visited.has(name) || fragment.typeCondition.name.value !== typeName) break
        visited.add(name)
        collectFields(typeName, fragment.selectionSet.selections, fragments, fields, visited)
        break
      }
    }
  }
  return fields
}

/** The sub-selections of every node of a field, as one list. */
export function subSelections(field: RequestedField): SelectionNode[] {
  return field.nodes.flatMap((node) => node.selectionSet?.selections ?? [])
}

function included(selection: SelectionNode): boolean {
  let keep = true
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value
    if (name !== 'skip' && name !== 'include') throw new Unsupported(`directive @${name}`)
    const condition = directive.arguments?.find((argument) => argument.name.value === 'if')?.value
    if (condition?.kind !== Kind.BOOLEAN) throw new Unsupported(`@${name} with a variable`)
    if (name === 'skip' && condition.value) keep = false
    if (name === 'include' && !condition.value) keep = false
  }
  return keep
}

import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql'
import { fragmentsOf } from './document-fragments.js'

/**
 * How deep an operation nests, following fragments. Introspection (`__schema`, `__type`) is not
 * counted: GraphiQL's own query is 15 deep, and its size is bounded by the schema, not by the client.
 */
export function operationDepth(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): number {
  const depthOf = (selectionSet: SelectionSetNode | undefined, visited: ReadonlySet<string>): number => {
    if (!selectionSet) return 0
    let deepest = 0
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, visited))
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, visited))
      } else {
        const name = selection.name.value
        const fragment = fragments.get(name)
        if (!fragment || visited.has(name)) continue // unknown or cyclic: other rules report those
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visited, name])))
      }
    }
    return deepest
  }
  return depthOf(operation.selectionSet, new Set())
}

/** Refuses, before execution, documents nested deeper than `maxDepth` (extensions.code QUERY_TOO_DEEP). */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument())
    return {
      OperationDefinition(operation) {
        const depth = operationDepth(operation, fragments)
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is nested ${depth} levels deep; the limit is ${maxDepth}. Ask for less nesting.`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_DEEP', limit: maxDepth, depth },
            }),
          )
        }
      },
    }
  }
}

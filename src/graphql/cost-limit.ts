import {
  GraphQLError,
  Kind,
  isInterfaceType,
  isObjectType,
  getNamedType,
  valueFromASTUntyped,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql'
import { MAX_PAGE_SIZE } from '../domain/pagination/page-size.js'
import { fragmentsOf } from './document-fragments.js'

/**
 * What a query may cost before it runs. Each field costs 1; a field with a `first` argument (a
 * list or a connection) multiplies the cost of what it selects by that page size — the value
 * sent, else the variable's default, else the schema's. Fragments count where they are spread
 * (an inline fragment on each possible type counts in full: an upper bound). Introspection is not
 * counted: its size is bounded by the schema, not by the client.
 *
 * `articles(first: 50) { edges { node { slug related(first: 3) { slug } } } }` costs
 * 1 + 50 × (1 + 1 + 1 + (1 + 3 × 1)) = 351.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
): number {
  const variableDefaults = new Map<string, unknown>()
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue))
  }

  const pageSize = (field: GraphQLField<unknown, unknown> | undefined, node: FieldNode): number => {
    const argument = field?.args.find((arg) => arg.name === 'first')
    if (!argument) return 1
    const given = node.arguments?.find((arg) => arg.name.value === 'first')?.value
    let value: unknown = undefined
    if (given?.kind === Kind.VARIABLE) {
      const name = given.name.value
      value = Object.hasOwn(variables, name) ? variables[name] : variableDefaults.get(name)
    } else if (given) {
      value = valueFromASTUntyped(given)
    }
    // Absent or null: the resolver uses the schema's default page size.
    if (value === undefined || value === null) value = argument.defaultValue ?? MAX_PAGE_SIZE
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : MAX_PAGE_SIZE
  }

  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined, spread: ReadonlySet<string>): number => {
    let total = 0
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue
        const field = parentType && (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields()[selection.name.value] : undefined
        const below = selection.selectionSet ? costOf(selection.selectionSet, field ? getNamedType(field.type) : undefined, spread) : 0
        total += 1 + pageSize(field, selection) * below
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType
        total += costOf(selection.selectionSet, type ?? undefined, spread)
      } else {
        const name = selection.name.value
        const fragment = fragments.get(name)
        if (!fragment || spread.has(name)) continue // unknown or cyclic: other rules report those
        total += costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, new Set([...spread, name]))
      }
    }
    return total
  }

  const root = schema.getRootType(operation.operation) ?? undefined
  return costOf(operation.selectionSet, root, new Set())
}

/**
 * A validation rule refusing operations that cost more than `maxCost` (extensions.code
 * QUERY_TOO_COSTLY, with `limit` and `cost`). The cost depends on the variables, so this rule is
 * made per request and run just before execution (see registerGraphql): Mercurius caches the
 * outcome of its `validationRules` by document text, variables aside.
 */
export function costLimit(maxCost: number, variables: Readonly<Record<string, unknown>> = {}): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument())
    return {
      OperationDefinition(operation) {
        const cost = operationCost(context.getSchema(), operation, fragments, variables)
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `The query costs ${cost}; the limit is ${maxCost}. Each field costs 1 and a list multiplies what it selects by its page size (first): ask for smaller pages or fewer nested lists.`,
              { nodes: [operation], extensions: { code: 'QUERY_TOO_COSTLY', limit: maxCost, cost } },
            ),
          )
        }
      },
    }
  }
}

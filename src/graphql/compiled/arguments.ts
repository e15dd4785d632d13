import { sql, type SQL } from 'drizzle-orm'
import { getArgumentValues, Kind, type ValueNode } from 'graphql'
import type { z } from 'zod'
import type { FieldContext } from './projection.js'
import { NotBindable, Unsupported } from './plan-builder.js'
import { textLiteral } from './sql-values.js'

/**
 * A field's arguments as the resolver would receive them (defaults applied, variables
 * substituted and coerced), checked with the schema the service parses them with. A request
 * whose arguments fail is not bindable: the resolvers run it and report the problem.
 */
export function argumentsOf<S extends z.ZodType>(context: FieldContext, schema: S, variables: Readonly<Record<string, unknown>>): z.output<S> {
  const node = context.field.nodes[0]
  if (!node) throw new NotBindable('no field node')
  let values: Record<string, unknown>
  try {
    values = getArgumentValues(context.definition, node, variables)
  } catch {
    throw new NotBindable(`arguments of ${context.definition.name}`)
  }
  const parsed = schema.safeParse(values)
  if (!parsed.success) throw new NotBindable(`arguments of ${context.definition.name}`)
  return parsed.data
}

/**
 * The value of one of the field's checked arguments in the statement: a constant when the
 * document fixes it (a literal, or the default), so PostgreSQL plans with it (a generic plan
 * for `LIMIT 20` is as good as a custom one, for `LIMIT $1` it is not); else a parameter bound
 * per request from the variables.
 */
export function argumentParam<S extends z.ZodType>(context: FieldContext, schema: S, cast: string, pick: (args: z.output<S>) => unknown): SQL {
  if (!context.field.nodes.some((node) => node.arguments?.some((argument) => hasVariable(argument.value)))) {
    let value: unknown
    try {
      value = pick(argumentsOf(context, schema, {}))
    } catch (error) {
      if (error instanceof NotBindable) throw new Unsupported(`${error.reason}: refused whatever the variables`)
      throw error
    }
    return constant(value, cast)
  }
  return context.env.plan.param((variables) => pick(argumentsOf(context, schema, variables)), cast)
}

function hasVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true
    case Kind.LIST:
      return value.values.some(hasVariable)
    case Kind.OBJECT:
      return value.fields.some((field) => hasVariable(field.value))
    default:
      return false
  }
}

function constant(value: unknown, cast: string): SQL {
  if (value === null || value === undefined) return sql.raw(`NULL::${cast}`)
  if (typeof value === 'number' && Number.isSafeInteger(value)) return sql.raw(`${value}::${cast}`)
  if (typeof value === 'boolean') return sql.raw(String(value))
  if (typeof value === 'string') return sql`${textLiteral(value)}::${sql.raw(cast)}`
  throw new Unsupported(`a constant of type ${typeof value}`)
}

/**
 * Whether an argument may be non-null in some request: given as a variable or a non-null
 * literal. Lets a plan leave out a filter the document never uses.
 */
export function mayBeGiven(context: FieldContext, name: string): boolean {
  const value: ValueNode | undefined = context.field.nodes[0]?.arguments?.find((argument) => argument.name.value === name)?.value
  if (value === undefined) return context.definition.args.find((argument) => argument.name === name)?.defaultValue != null
  return value.kind !== Kind.NULL
}

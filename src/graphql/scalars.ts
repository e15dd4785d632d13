import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql'

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new GraphQLError('DateTime must be an ISO 8601 instant with a time zone, e.g. 2026-11-22T09:30:00Z', {
      extensions: { code: 'BAD_USER_INPUT' },
    })
  }
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime ${value} is not a real instant`, { extensions: { code: 'BAD_USER_INPUT' } })
  }
  return date
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: parseInstant,
  parseLiteral: (ast: ValueNode) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
})

/** Output-only JSON (Portable Text); input JSON is not accepted anywhere yet. */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: () => {
    throw new GraphQLError('JSON literals are not accepted; pass JSON through variables', { extensions: { code: 'BAD_USER_INPUT' } })
  },
})

import { z } from 'zod'
import { fromEnumName, toEnumName } from '../../graphql/views/enum-names.js'
import { instant } from './schemas/common.js'

/**
 * The domain's input schemas speak Date and the stored enum spelling (after-body); JSON bodies,
 * like GraphQL variables, carry ISO 8601 strings and GraphQL's enum names (AFTER_BODY). Rather
 * than write each body schema twice, REST derives the JSON form from the domain schema: dates
 * become ISO strings decoded to Date, the named enum fields take GraphQL's names. Every other
 * rule (lengths, formats, refinements, defaults) is the domain's own, and OpenAPI documents the
 * JSON form. The service parses the decoded body again with its schema, as it does for GraphQL.
 */
export function jsonInput<T extends z.ZodType>(schema: T, options: { enumFields?: readonly string[] } = {}): z.ZodType<z.output<T>> {
  return toJson(schema, options.enumFields ?? []) as unknown as z.ZodType<z.output<T>>
}

type Def = Record<string, unknown>
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def
const cloned = (schema: z.ZodType, changes: Def) => schema.clone({ ...defOf(schema), ...changes } as never)

/** The JSON form of `schema`; the same instance when nothing in it needs converting. */
function toJson(schema: z.ZodType, enumFields: readonly string[]): z.ZodType {
  if (schema instanceof z.ZodDate) return instant
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>
    const converted = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, enumFields.includes(key) ? graphqlEnum(field) : toJson(field, [])]))
    return Object.keys(shape).some((key) => converted[key] !== shape[key]) ? cloned(schema, { shape: converted }) : schema
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    const inner = schema.unwrap() as z.ZodType
    const converted = toJson(inner, enumFields)
    return converted === inner ? schema : cloned(schema, { innerType: converted })
  }
  if (schema instanceof z.ZodArray) {
    const element = schema.element as z.ZodType
    const converted = toJson(element, [])
    return converted === element ? schema : cloned(schema, { element: converted })
  }
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as z.ZodType[]
    const converted = options.map((option) => toJson(option, enumFields))
    return converted.every((option, index) => option === options[index]) ? schema : cloned(schema, { options: converted })
  }
  if (schema instanceof z.ZodPipe) {
    const input = schema.in as z.ZodType
    const converted = toJson(input, enumFields)
    return converted === input ? schema : cloned(schema, { in: converted })
  }
  return schema
}

/** An enum field in GraphQL's spelling, decoded to the stored one; a default is given in GraphQL's too. */
function graphqlEnum(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodEnum) {
    const names = (schema.options as string[]).map(toEnumName) as [string, ...string[]]
    return z.codec(z.enum(names), schema as z.ZodType<string, string>, { decode: fromEnumName, encode: toEnumName })
  }
  if (schema instanceof z.ZodDefault) {
    const stored = defOf(schema).defaultValue
    return graphqlEnum(schema.unwrap() as z.ZodType).prefault(typeof stored === 'string' ? toEnumName(stored) : stored)
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return cloned(schema, { innerType: graphqlEnum(schema.unwrap() as z.ZodType) })
  throw new Error('jsonInput: enumFields names a field that is not an enum')
}

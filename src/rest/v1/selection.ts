import { z } from 'zod'

/** The object (if any) inside nullable, optional and array wrappers. */
function objectIn(schema: z.core.$ZodType): z.ZodObject | undefined {
  let current: z.core.$ZodType = schema
  for (;;) {
    if (current instanceof z.ZodNullable || current instanceof z.ZodOptional) current = current.unwrap()
    else if (current instanceof z.ZodArray) current = current.element
    else return current instanceof z.ZodObject ? current : undefined
  }
}

/**
 * The GraphQL selection set that reads exactly the fields of a REST representation, e.g.
 * `{ id slug section { id name } }`. The representation is written once (as a zod schema) and
 * the document follows it, so the REST shape and what GraphQL is asked for cannot drift apart.
 * Records and scalars (JSON, enums, strings) are leaves.
 */
export function selectionOf(schema: z.core.$ZodType): string {
  const object = objectIn(schema)
  if (!object) throw new Error('selectionOf needs an object schema')
  const shape: Record<string, z.core.$ZodType> = object.shape
  const fields = Object.entries(shape).map(([name, field]) => {
    const nested = objectIn(field)
    return nested ? `${name} ${selectionOf(nested)}` : name
  })
  return `{ ${fields.join(' ')} }`
}

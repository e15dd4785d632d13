import { z } from 'zod'
import { slugSchema } from '../articles/articles.schemas.js'

/** A lookup names one entity by its slug or by its id; exactly one of them. */
export const lookupKeySchema = z
  .object({ slug: z.string().max(200).nullish(), id: z.uuid({ message: 'must be an id (UUID)' }).nullish() })
  .refine((key) => (key.slug ? 1 : 0) + (key.id ? 1 : 0) === 1, { message: 'give exactly one of slug or id', path: ['slug'] })

export type LookupKey = { id: string } | { slug: string } | undefined

/** The key to look for, or undefined when the slug cannot belong to anything (nothing to find). */
export function lookupKey(key: z.output<typeof lookupKeySchema>): LookupKey {
  if (key.id) return { id: key.id }
  return key.slug && slugSchema.safeParse(key.slug).success ? { slug: key.slug } : undefined
}

import { z } from 'zod'

/** Field rules shared by the entity inputs. */
export const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`)
export const requiredText = (max: number) => text(max).min(1, 'must not be empty')
export const optionalText = (max: number) => text(max).nullish()
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048)

export const socialLinksSchema = z
  .array(z.object({ network: requiredText(50), url: httpUrl, handle: optionalText(100).transform((h) => h ?? undefined) }))
  .max(20)

/** An update must change something. */
export const nonEmpty = (schema: z.ZodObject) =>
  schema.partial().refine((input) => Object.values(input).some((value) => value !== undefined), { message: 'has nothing to change' })

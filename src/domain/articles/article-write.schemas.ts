import { z } from 'zod'
import { classifyUrl } from '../rich-text/safe-url.js'
import { portableTextSchema } from '../rich-text/portable-text.js'
import { slugSchema } from './articles.schemas.js'

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`)
const optionalText = (max: number) => text(max).nullish()
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048)

/** A body is refused at save time if a link could not be rendered, so editors see why. */
export const articleBodySchema = portableTextSchema.superRefine((blocks, context) => {
  blocks.forEach((block, index) => {
    if (block._type !== 'block') return
    block.markDefs.forEach((mark, markIndex) => {
      if (classifyUrl(mark.href) === null) {
        context.addIssue({ code: 'custom', path: [index, 'markDefs', markIndex, 'href'], message: 'must be an http(s), mailto: or same-site link' })
      }
    })
  })
})

const bylineSchema = z.object({
  authorId: z.uuid(),
  role: text(50).min(1).default('By'),
})

export const relatedLinkSchema = z.union([
  z.object({ articleId: z.uuid(), headline: optionalText(300), teaser: optionalText(1000) }),
  z.object({ url: httpUrl, headline: text(300).min(1, 'is required for an external link'), teaser: optionalText(1000) }),
])

const unique = <T>(key: (item: T) => string, what: string) => (items: T[], context: z.RefinementCtx) => {
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const k = key(item)
    if (seen.has(k)) context.addIssue({ code: 'custom', path: [index], message: `repeats ${what} ${k}` })
    seen.add(k)
  })
}

const articleFields = {
  slug: slugSchema,
  headline: text(300).min(1, 'must not be empty'),
  seoTitle: optionalText(300),
  seoDescription: optionalText(500),
  dek: optionalText(1000),
  label: optionalText(50),
  sectionId: z.uuid().nullish(),
  body: articleBodySchema,
  teaser: optionalText(2000),
  leadImageId: z.uuid().nullish(),
  leadImageCaption: optionalText(2000),
  authors: z.array(bylineSchema).max(20).superRefine(unique((b: { authorId: string }) => b.authorId, 'author')),
  tagIds: z.array(z.uuid()).max(50).superRefine(unique((id: string) => id, 'tag')),
  related: z.array(relatedLinkSchema).max(20),
  /** A note kept with the revision this write creates. */
  revisionMessage: optionalText(500),
}

export const createArticleInputSchema = z.object({
  ...articleFields,
  slug: articleFields.slug.optional(),
  body: articleFields.body.default([]),
  authors: articleFields.authors.default([]),
  tagIds: articleFields.tagIds.default([]),
  related: articleFields.related.default([]),
})

export const updateArticleInputSchema = z
  .object(articleFields)
  .partial()
  .refine((input) => Object.keys(input).some((key) => key !== 'revisionMessage'), { message: 'has nothing to change' })

export type CreateArticleInput = z.output<typeof createArticleInputSchema>
export type UpdateArticleInput = z.output<typeof updateArticleInputSchema>
export type RelatedLinkInput = z.output<typeof relatedLinkSchema>
export type BylineInput = z.output<typeof bylineSchema>

export const versionSchema = z.number().int().min(1, 'must be a version you read (1 or more)')
export const idSchema = z.uuid({ message: 'must be an id (UUID)' })

// Built once: zod compiles an object schema's parser on first use, so one made per call is compiled per call.
/** The id of an entity to read. */
export const idArgsSchema = z.object({ id: idSchema })
/** The id of an entity to change, with the version the change was made against. */
export const versionedIdArgsSchema = z.object({ id: idSchema, expectedVersion: versionSchema })

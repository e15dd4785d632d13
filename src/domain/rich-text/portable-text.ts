import { z } from 'zod'

/**
 * Article bodies are stored as Portable Text (https://portabletext.org): an array of typed
 * blocks. Structure, not HTML, is the source of truth; HTML and plain text are renditions.
 * Unknown block types are refused at the edge so every stored body can be rendered.
 */

const key = z.string().min(1).max(64)

export const decoratorMarks = ['strong', 'em', 'underline', 'code', 'strike-through'] as const
export const blockStyles = ['normal', 'h2', 'h3', 'h4', 'blockquote'] as const
export const listKinds = ['bullet', 'number'] as const

export const spanSchema = z.object({
  _type: z.literal('span'),
  _key: key.optional(),
  text: z.string().max(100_000),
  // Each mark is a decorator name or the _key of an entry in the block's markDefs.
  marks: z.array(z.string().max(64)).max(16).default([]),
})

export const linkMarkSchema = z.object({
  _type: z.literal('link'),
  _key: key,
  href: z.string().min(1).max(2048),
})

export const textBlockSchema = z.object({
  _type: z.literal('block'),
  _key: key.optional(),
  style: z.enum(blockStyles).default('normal'),
  listItem: z.enum(listKinds).optional(),
  level: z.number().int().min(1).max(6).optional(),
  children: z.array(spanSchema).max(1_000),
  markDefs: z.array(linkMarkSchema).max(200).default([]),
})

/** An image placed inside the body; it points at a media asset so its credit travels with it. */
export const imageBlockSchema = z.object({
  _type: z.literal('image'),
  _key: key.optional(),
  mediaId: z.uuid(),
  caption: z.string().max(2_000).optional(),
})

/** Third-party content (video, post, map) shown as a link card; never raw embed HTML. */
export const embedBlockSchema = z.object({
  _type: z.literal('embed'),
  _key: key.optional(),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  provider: z.string().max(100).optional(),
  title: z.string().max(500).optional(),
})

export const portableTextBlockSchema = z.discriminatedUnion('_type', [textBlockSchema, imageBlockSchema, embedBlockSchema])
export const portableTextSchema = z.array(portableTextBlockSchema).max(5_000)

export type Span = z.infer<typeof spanSchema>
export type LinkMark = z.infer<typeof linkMarkSchema>
export type TextBlock = z.infer<typeof textBlockSchema>
export type ImageBlock = z.infer<typeof imageBlockSchema>
export type EmbedBlock = z.infer<typeof embedBlockSchema>
export type PortableTextBlock = z.infer<typeof portableTextBlockSchema>

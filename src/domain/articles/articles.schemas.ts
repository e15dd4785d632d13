import { z } from 'zod'
import { MAX_PAGE_SIZE } from '../pagination/page-size.js'
import { articleOrders } from './article-order.js'

export const slugSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens')

export const firstSchema = (defaultSize: number, max = MAX_PAGE_SIZE) =>
  z.number().int().min(0, `must be from 0 to ${max}`).max(max, `must be from 0 to ${max}`).default(defaultSize)

export const articleFilterSchema = z
  .object({
    section: slugSchema.nullish(),
    tag: slugSchema.nullish(),
    author: slugSchema.nullish(),
    label: z.string().min(1).max(100).nullish(),
    publishedAfter: z.date().nullish(),
    publishedBefore: z.date().nullish(),
  })
  .refine((f) => !f.publishedAfter || !f.publishedBefore || f.publishedAfter < f.publishedBefore, {
    message: 'must be later than publishedAfter',
    path: ['publishedBefore'],
  })

export const pageArgsSchema = z.object({
  first: firstSchema(20),
  after: z.string().max(512).nullish(),
  orderBy: z.enum(articleOrders).default('PUBLISHED_AT_DESC'),
})

export const articleListArgsSchema = pageArgsSchema.extend({ filter: articleFilterSchema.nullish() })

export const latestArgsSchema = z.object({
  first: firstSchema(10),
  section: slugSchema.nullish(),
})

export type ArticleFilter = z.output<typeof articleFilterSchema>
export type PageArgs = z.output<typeof pageArgsSchema>
export type ArticleListArgs = z.output<typeof articleListArgsSchema>

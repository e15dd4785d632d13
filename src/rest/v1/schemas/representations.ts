import { z } from 'zod'
import { articleStatuses } from '../../../db/tables/articles.js'
import { promoKinds, promoPlacements } from '../../../db/tables/promo-blocks.js'
import { toEnumName } from '../../../graphql/views/enum-names.js'
import { dateTime } from './common.js'

/**
 * What the REST API returns, written once: each schema is the response contract (OpenAPI and
 * the serializer) and, through selectionOf(), the selection of the GraphQL document that reads
 * it. Field names and nullability are GraphQL's, so both APIs return the same shapes.
 */

/** GraphQL's spelling of a stored enum (after-body → AFTER_BODY). */
const graphqlEnum = (stored: readonly string[]) => z.enum(stored.map(toEnumName) as [string, ...string[]])

const id = z.uuid()
const version = z.int().describe('Optimistic-lock version; the ETag of the resource is "v<version>"')

/** Portable Text blocks (https://portabletext.org), as stored. */
const portableText = z.array(z.record(z.string(), z.unknown())).describe('Portable Text blocks')

export const richTextSchema = z
  .object({
    json: portableText,
    html: z.string().describe('Sanitised HTML, safe to insert as is'),
    text: z.string(),
    wordCount: z.int(),
    readingMinutes: z.int(),
  })
  .meta({ id: 'RichText' })

export const imageSchema = z
  .object({
    id,
    version,
    url: z.string(),
    alt: z.string(),
    caption: z.string().nullable().describe("This use's caption override, else the image's default caption"),
    width: z.int().nullable(),
    height: z.int().nullable(),
    mimeType: z.string(),
    credit: z.object({
      creator: z.string().nullable(),
      provider: z.string().nullable(),
      line: z.string().nullable().describe('The credit line to print'),
      licence: z.object({ name: z.string(), url: z.string().nullable(), expiresAt: dateTime.nullable(), valid: z.boolean() }).nullable(),
    }),
  })
  .meta({ id: 'Image' })

const socialLink = z.object({ network: z.string(), url: z.string(), handle: z.string().nullable() })

const sectionFields = {
  id,
  slug: z.string(),
  name: z.string(),
  kind: graphqlEnum(['standard', 'vertical']),
}

export const sectionSummarySchema = z.object(sectionFields).meta({ id: 'SectionSummary' })

export const sectionSchema = z
  .object({
    ...sectionFields,
    version,
    description: z.string().nullable(),
    tagline: z.string().nullable(),
    parent: sectionSummarySchema.nullable(),
    children: z.array(sectionSummarySchema),
    path: z.array(sectionSummarySchema).describe('Breadcrumb from the top-level section down to this one'),
  })
  .meta({ id: 'Section' })

/** How deep GET /v1/sections nests; deeper sections are reachable from GET /v1/sections/{id}. */
export const SECTION_TREE_DEPTH = 4

function sectionTreeLevel(depth: number): z.ZodType {
  const node = { ...sectionFields, version, description: z.string().nullable(), tagline: z.string().nullable() }
  return z.object(depth > 1 ? { ...node, children: z.array(sectionTreeLevel(depth - 1)) } : node)
}

export const sectionTreeSchema = z.array(sectionTreeLevel(SECTION_TREE_DEPTH)).describe(`Top-level sections with their subsections, ${SECTION_TREE_DEPTH} levels deep`)

const authorFields = { id, slug: z.string(), name: z.string(), roleTitle: z.string().nullable() }

export const authorSummarySchema = z.object(authorFields).meta({ id: 'AuthorSummary' })

export const authorSchema = z
  .object({ ...authorFields, version, bio: z.string().nullable(), photo: imageSchema.nullable(), socialLinks: z.array(socialLink) })
  .meta({ id: 'Author' })

const tagFields = { id, slug: z.string(), name: z.string() }

export const tagSummarySchema = z.object(tagFields).meta({ id: 'TagSummary' })

export const tagSchema = z.object({ ...tagFields, version, description: z.string().nullable() }).meta({ id: 'Tag' })

const articleSummaryFields = {
  id,
  version,
  slug: z.string(),
  headline: z.string(),
  dek: z.string().nullable(),
  label: z.string().nullable(),
  kicker: z.string().nullable().describe('Label and section, e.g. "Analysis | Middle East"'),
  teaser: z.string().describe("The editor's teaser, or the opening paragraphs"),
  status: graphqlEnum(articleStatuses),
  publishedAt: dateTime.nullable(),
  updatedAt: dateTime,
  section: sectionSummarySchema.nullable(),
  authors: z.array(authorSummarySchema),
  leadImage: imageSchema.nullable(),
}

/** An article as lists and rails show it (a teaser). */
export const articleSummarySchema = z.object(articleSummaryFields).meta({ id: 'ArticleSummary' })

export const articleSchema = z
  .object({
    ...articleSummaryFields,
    section: sectionSummarySchema.extend({ path: z.array(sectionSummarySchema) }).nullable(),
    seoTitle: z.string(),
    seoDescription: z.string().nullable(),
    bylines: z.array(z.object({ role: z.string(), author: authorSummarySchema })),
    tags: z.array(tagSummarySchema),
    body: richTextSchema,
    firstPublishedAt: dateTime.nullable(),
    unpublishAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'Article' })

const pageInfoSchema = z
  .object({ hasNextPage: z.boolean(), hasPreviousPage: z.boolean(), startCursor: z.string().nullable(), endCursor: z.string().nullable() })
  .meta({ id: 'PageInfo' })

export const articleListSchema = z
  .object({ nodes: z.array(articleSummarySchema), pageInfo: pageInfoSchema, totalCount: z.int().describe('All matching articles, across pages') })
  .meta({ id: 'ArticleList' })

export const searchResultsSchema = z
  .object({
    edges: z.array(
      z.object({
        cursor: z.string(),
        rank: z.number().describe('Relevance; higher is better'),
        snippet: z.string().describe('HTML-safe excerpt with the matched words in <mark>'),
        node: articleSummarySchema,
      }),
    ),
    pageInfo: pageInfoSchema,
    totalCount: z.int(),
  })
  .meta({ id: 'SearchResults' })

export const promoSchema = z
  .object({
    id,
    version,
    kind: graphqlEnum(promoKinds),
    placement: graphqlEnum(promoPlacements),
    title: z.string(),
    body: richTextSchema,
    linkUrl: z.string().nullable(),
    linkLabel: z.string().nullable(),
    startsAt: dateTime.nullable(),
    endsAt: dateTime.nullable(),
    section: sectionSummarySchema.nullable().describe('Shown only on pages of this section and below; null for site-wide'),
  })
  .meta({ id: 'Promo' })

export const siteSchema = z
  .object({
    version: version.describe('0 until an admin first saves the settings'),
    name: z.string(),
    tagline: z.string().nullable(),
    url: z.string().nullable(),
    language: z.string(),
    timezone: z.string(),
    socialLinks: z.array(socialLink),
    newsletter: z.object({ title: z.string().nullable(), text: z.string(), url: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Site' })

export const relatedLinkSchema = z
  .object({
    headline: z.string(),
    teaser: z.string().nullable(),
    url: z.string().nullable().describe('External links have only a url'),
    source: z.enum(['CURATED', 'AUTOMATIC']),
    article: articleSummarySchema.nullable(),
  })
  .meta({ id: 'RelatedLink' })

export const articlePageSchema = z
  .object({
    at: dateTime.describe('The instant the page was composed for'),
    article: articleSchema,
    related: z.array(articleSummarySchema).describe('Keep-reading rail: curated first, then automatic'),
    relatedLinks: z.array(relatedLinkSchema).describe("The same rail with editors' overrides and external links"),
    latest: z.array(articleSummarySchema),
    promos: z.array(promoSchema).describe('Promo blocks open at this instant for this page'),
    site: siteSchema,
  })
  .meta({ id: 'ArticlePage' })

export type ArticleView = z.output<typeof articleSchema>
export type Versioned = { version: number }

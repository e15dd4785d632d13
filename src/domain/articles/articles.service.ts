import { sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { decodeCursor } from '../pagination/cursor.js'
import { toPage } from '../pagination/connection.js'
import type { ReadScope } from '../read-scope.js'
import type { SectionTree } from '../sections/section-tree.js'
import { parseInput } from '../validation.js'
import type { ArticleConnection, CountRequest, OwnerKind } from './article-connection.js'
import { sortValueOf } from './article-order.js'
import type { ArticleRow } from './article-row.js'
import * as repository from './articles.repository.js'
import { articleListArgsSchema, latestArgsSchema, pageArgsSchema, slugSchema, type ArticleFilter } from './articles.schemas.js'

const NOTHING = sql`false`

export async function findArticleBySlug(scope: ReadScope, slug: string): Promise<ArticleRow | undefined> {
  const parsed = slugSchema.safeParse(slug)
  if (!parsed.success) return undefined // no article can have such a slug
  if (scope.preview) return repository.findForPreview(scope.db, { slug: parsed.data })
  return repository.findLiveBySlug(scope.db, parsed.data, scope.at)
}

const lookupSchema = z
  .object({ slug: z.string().max(200).nullish(), id: z.uuid({ message: 'must be an id (UUID)' }).nullish() })
  .refine((key) => (key.slug ? 1 : 0) + (key.id ? 1 : 0) === 1, { message: 'give exactly one of slug or id', path: ['slug'] })

/** One article by slug or id, live at the scope's instant (or in any state, for a preview scope). */
export async function findArticle(scope: ReadScope, input: unknown): Promise<ArticleRow | undefined> {
  const key = parseInput(lookupSchema, input)
  if (key.slug) return findArticleBySlug(scope, key.slug)
  if (!key.id) return undefined
  if (scope.preview) return repository.findForPreview(scope.db, { id: key.id })
  return (await repository.findLiveByIds(scope.db, [key.id], scope.at))[0]
}

export function findArticlesByIds(scope: ReadScope, ids: readonly string[]): Promise<ArticleRow[]> {
  return repository.findLiveByIds(scope.db, ids, scope.at)
}

export async function listArticles(scope: ReadScope, input: unknown): Promise<ArticleConnection> {
  const args = parseInput(articleListArgsSchema, input)
  const after = args.after ? decodeCursor(args.after, args.orderBy) : undefined
  // A tag or author filter reads that owner's stories from its own index, the other filters
  // on top; walking every live story by date and probing each would cost most for the rarest.
  const { owner, rest } = filterOwner(args.filter ?? {})
  const conditions = filterConditions(rest, await scope.sectionTree())
  const query = { at: scope.at, conditions, order: args.orderBy, after, limit: args.first + 1 }
  const rows = owner ? (onlyOwner(await repository.listLiveForOwners(scope.db, owner, query)) ?? []) : await repository.listLive(scope.db, query)
  return {
    ...toPage(rows, args.first, after !== undefined, args.orderBy, sortValueOf(args.orderBy)),
    count: { kind: 'filter', owner, conditions },
  }
}

/** The newest live articles, site-wide or in a section and below; `excludeId` keeps a page's own story out. */
export async function latestArticles(scope: ReadScope, input: unknown, excludeId?: string): Promise<ArticleRow[]> {
  const args = parseInput(latestArgsSchema, input)
  const conditions = filterConditions({ section: args.section }, await scope.sectionTree())
  if (excludeId) conditions.push(sql`a.id <> ${excludeId}::uuid`)
  return repository.listLive(scope.db, { at: scope.at, conditions, order: 'PUBLISHED_AT_DESC', limit: args.first })
}

/** One page of articles for each of many sections, authors or tags, in one statement. */
export async function listArticlesForOwners(
  scope: ReadScope,
  owner: OwnerKind,
  ownerIds: readonly string[],
  input: unknown,
): Promise<Map<string, ArticleConnection>> {
  const args = parseInput(pageArgsSchema, input)
  const after = args.after ? decodeCursor(args.after, args.orderBy) : undefined
  const join = await ownerJoin(scope, owner, ownerIds)
  const byOwner = await repository.listLiveForOwners(scope.db, join, {
    at: scope.at,
    conditions: [],
    order: args.orderBy,
    after,
    limit: args.first + 1,
  })
  return new Map(
    ownerIds.map((ownerId) => [
      ownerId,
      {
        ...toPage(byOwner.get(ownerId) ?? [], args.first, after !== undefined, args.orderBy, sortValueOf(args.orderBy)),
        count: { kind: 'owner', owner, ownerId },
      },
    ]),
  )
}

/** Answers many totalCount requests with one statement per kind of request. */
export async function countArticles(scope: ReadScope, requests: readonly CountRequest[]): Promise<number[]> {
  const counts = new Map<CountRequest, number>()
  for (const kind of ['section', 'author', 'tag'] as const) {
    const ofKind = requests.filter((r): r is Extract<CountRequest, { kind: 'owner' }> => r.kind === 'owner' && r.owner === kind)
    if (ofKind.length === 0) continue
    const join = await ownerJoin(scope, kind, [...new Set(ofKind.map((r) => r.ownerId))])
    const byOwner = await repository.countLiveForOwners(scope.db, join, scope.at)
    for (const request of ofKind) counts.set(request, byOwner.get(request.ownerId) ?? 0)
  }
  for (const request of requests) {
    if (request.kind !== 'filter') continue
    const { owner, conditions } = request
    counts.set(request, owner ? (onlyOwner(await repository.countLiveForOwners(scope.db, owner, scope.at, conditions)) ?? 0) : await repository.countLive(scope.db, scope.at, conditions))
  }
  return requests.map((request) => counts.get(request) ?? 0)
}

/**
 * The owner a tag filter (or else an author filter) names, found by slug inside the statement,
 * and the filters left to apply on top: an author given beside a tag is checked per story.
 */
function filterOwner(filter: Partial<ArticleFilter>): { owner: repository.OwnerJoin | undefined; rest: OwnerlessFilter } {
  const { tag, ...rest } = filter
  if (tag) return { owner: ownerBySlug('tag', tag), rest }
  if (rest.author) return { owner: ownerBySlug('author', rest.author), rest: { ...rest, author: undefined } }
  return { owner: undefined, rest }
}

function ownerBySlug(kind: keyof typeof listedCopies, slug: string): repository.OwnerJoin {
  const ownerIds = sql`ARRAY(SELECT id FROM ${listedCopies[kind].owners} WHERE slug = ${slug} AND deleted_at IS NULL)`
  return { ownerIds, ofOwner: (id) => throughListedCopies(kind, id) }
}

/** What a read through at most one owner found (slugs are unique: a filter names one or none). */
function onlyOwner<T>(byOwner: Map<string, T>): T | undefined {
  return byOwner.values().next().value
}

/** A filter whose tag, if any, is read as its owner (filterOwner). */
type OwnerlessFilter = Omit<Partial<ArticleFilter>, 'tag'>

function filterConditions(filter: OwnerlessFilter, tree: SectionTree): SQL[] {
  const conditions: SQL[] = []
  if (filter.section) {
    const section = tree.bySlug(filter.section)
    conditions.push(section ? sql`a.section_id = ANY(${repository.uuidArray(tree.subtreeIds(section.id))})` : NOTHING)
  }
  if (filter.author) {
    conditions.push(sql`EXISTS (SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id
      WHERE aa.article_id = a.id AND au.slug = ${filter.author} AND au.deleted_at IS NULL)`)
  }
  if (filter.label) conditions.push(sql`a.label = ${filter.label}`)
  if (filter.publishedAfter) conditions.push(sql`a.publish_at >= ${filter.publishedAfter.toISOString()}::timestamptz`)
  if (filter.publishedBefore) conditions.push(sql`a.publish_at < ${filter.publishedBefore.toISOString()}::timestamptz`)
  return conditions
}

async function ownerJoin(scope: ReadScope, owner: OwnerKind, ownerIds: readonly string[]): Promise<repository.OwnerJoin> {
  const ids = repository.uuidArray(ownerIds)
  switch (owner) {
    case 'author':
    case 'tag':
      return { ownerIds: ids, ofOwner: (id) => throughListedCopies(owner, id) }
    case 'section': {
      // A section's articles include its subsections': pair every section of each subtree with its owner.
      const tree = await scope.sectionTree()
      const pairs = ownerIds.flatMap((ownerId) => tree.subtreeIds(ownerId).map((sectionId) => [sectionId, ownerId] as const))
      const sectionIds = repository.uuidArray(pairs.map(([sectionId]) => sectionId))
      const owners = repository.uuidArray(pairs.map(([, ownerId]) => ownerId))
      return {
        ownerIds: ids,
        ofOwner: (id) => ({
          join: sql``,
          where: sql`a.section_id = ANY(ARRAY(SELECT p.section_id FROM unnest(${sectionIds}, ${owners}) AS p(section_id, owner_id) WHERE p.owner_id = ${id}))`,
        }),
      }
    }
  }
}

/** The link tables that carry copies of their article's publish_at and listing state (migrations 0006, 0007). */
const listedCopies = {
  tag: { owners: sql`tags`, links: sql`article_tags`, ownerColumn: sql`tag_id` },
  author: { owners: sql`authors`, links: sql`article_authors`, ownerColumn: sql`author_id` },
}

/**
 * An owner's articles through its link table's copies, which triggers keep exact. A date order
 * is stated on the copies, so the table's (owner, publish_at DESC) index of listed rows gives
 * the newest first without reading the owner's older stories.
 */
function throughListedCopies(kind: keyof typeof listedCopies, owner: SQL): ReturnType<repository.OwnerJoin['ofOwner']> {
  const { links, ownerColumn } = listedCopies[kind]
  return {
    join: sql`JOIN ${links} l ON l.article_id = a.id`,
    where: sql`l.${ownerColumn} = ${owner} AND l.article_listed`,
    keyset: { publishAt: 'l.article_publish_at', id: 'l.article_id' },
  }
}

import { randomUUID } from 'node:crypto'
import { and, eq, ne } from 'drizzle-orm'
import { actorOf, requireRole } from '../../auth/principal.js'
import { toInputError } from '../../db/constraint-errors.js'
import type { Tx } from '../../db/database.js'
import { articles } from '../../db/tables/articles.js'
import { slugRedirects } from '../../db/tables/slug-redirects.js'
import { BadUserInputError, NotFoundError } from '../../errors.js'
import { recordChange } from '../audit/record-change.js'
import { articleBodyColumns } from '../renditions/body-columns.js'
import { firstFreeSlug, slugify } from '../slugs/slugify.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'
import { articleEventKeys } from '../../webhooks/event-keys.js'
import { findArticleListing } from './article-listing.js'
import { mutateArticle, VersionConflictError } from './article-mutation.js'
import { requireReferences, findArticleById, lockArticle, replaceRelations, takenSlugs, revisionInsert, type LockedArticle } from './article-store.js'
import { createArticleInputSchema, updateArticleInputSchema, versionedIdArgsSchema, type UpdateArticleInput } from './article-write.schemas.js'

/** Creates a draft (contributors and up), with its relations and revision 1, in one transaction. */
export async function createArticle(context: WriteContext, rawInput: unknown): Promise<LockedArticle> {
  requireRole(context.principal, 'contributor', 'Creating articles')
  const actor = actorOf(context.principal)
  const input = parseInput(createArticleInputSchema, rawInput)
  try {
    return await context.db.transaction(async (tx) => {
      const bodyColumns = await articleBodyColumns(tx, input.body)
      await requireReferences(tx, input)
      const slug = input.slug ?? firstFreeSlug(slugify(input.headline), await takenSlugs(tx, slugify(input.headline)))
      await releaseRedirect(tx, slug)
      const id = randomUUID()
      await tx.insert(articles).values({
        id,
        slug,
        headline: input.headline,
        seoTitle: input.seoTitle ?? null,
        seoDescription: input.seoDescription ?? null,
        dek: input.dek ?? null,
        label: input.label ?? null,
        sectionId: input.sectionId ?? null,
        ...bodyColumns,
        teaser: input.teaser ?? null,
        leadImageId: input.leadImageId ?? null,
        leadImageCaption: input.leadImageCaption ?? null,
        status: 'draft',
        createdAt: context.now,
        updatedAt: context.now,
      })
      await replaceRelations(tx, id, input)
      const created = await findArticleById(tx, id)
      if (!created) throw new Error('article vanished inside its own transaction')
      await recordChange(tx, actor, {
        action: 'article.create',
        entity: { type: 'article', id, version: 1, slug },
        details: { slug, version: 1 },
        surrogateKeys: articleEventKeys(id, [await findArticleListing(tx, id)]),
        at: context.now,
      }, revisionInsert(tx, created, actor, input.revisionMessage ?? 'Created'))
      return created
    })
  } catch (error) {
    throw toInputError(error)
  }
}

/** A partial update: only the fields given change. A new slug keeps the old one as a redirect. */
export async function updateArticle(context: WriteContext, id: unknown, expectedVersion: unknown, rawInput: unknown): Promise<LockedArticle> {
  const input = parseInput(updateArticleInputSchema, rawInput)
  return mutateArticle(context, id, expectedVersion, {
    action: 'article.update',
    role: 'contributor',
    doing: 'Editing articles',
    contributorsOnDrafts: true,
    body: input.body,
    apply: async (tx, article) => {
      await requireReferences(tx, input, article.id)
      if (input.slug && input.slug !== article.slug) await moveSlug(tx, article, input.slug)
      await replaceRelations(tx, article.id, input)
      return {
        values: columnValues(input),
        details: { fields: Object.keys(input).filter((k) => k !== 'revisionMessage') },
        revisionMessage: input.revisionMessage,
        listingUnchanged: input.sectionId === undefined && input.authors === undefined && input.tagIds === undefined,
      }
    },
  })
}

/** Moves an article to the trash; the public loses it at once, editors can restore it. */
export function trashArticle(context: WriteContext, id: unknown, expectedVersion: unknown): Promise<LockedArticle> {
  return mutateArticle(context, id, expectedVersion, {
    action: 'article.trash',
    role: 'editor',
    doing: 'Deleting articles',
    apply: () => Promise.resolve({ values: { deletedAt: context.now }, revisionMessage: 'Moved to the trash', listingUnchanged: true }),
  })
}

export function restoreArticleFromTrash(context: WriteContext, id: unknown, expectedVersion: unknown): Promise<LockedArticle> {
  return mutateArticle(context, id, expectedVersion, {
    action: 'article.restore',
    role: 'editor',
    doing: 'Restoring articles',
    allowTrashed: true,
    apply: (_tx, article) => {
      if (!article.deletedAt) throw BadUserInputError.at(['id'], 'is not in the trash')
      return Promise.resolve({ values: { deletedAt: null }, revisionMessage: 'Restored from the trash', listingUnchanged: true })
    },
  })
}

/**
 * Deletes an article for good, with its revisions and publication log; admins only, only from
 * the trash. One transaction: the audit entry and the deletion commit together.
 */
export async function purgeArticle(context: WriteContext, rawId: unknown, rawVersion: unknown): Promise<{ id: string }> {
  requireRole(context.principal, 'admin', 'Purging articles')
  const actor = actorOf(context.principal)
  const { id, expectedVersion } = parseInput(versionedIdArgsSchema, { id: rawId, expectedVersion: rawVersion })
  return context.db.transaction(async (tx) => {
    // The listing comes with the lock, read before the delete: its bylines and tags go with it.
    const locked = await lockArticle(tx, id)
    if (!locked) throw new NotFoundError('article', `id ${id}`)
    const { article, listing } = locked
    if (article.version !== expectedVersion) throw new VersionConflictError('article', expectedVersion, article.version)
    if (!article.deletedAt) throw BadUserInputError.at(['id'], 'must be in the trash before it can be purged')
    await tx.delete(articles).where(eq(articles.id, id))
    await recordChange(tx, actor, {
      action: 'article.purge',
      entity: { type: 'article', id, version: article.version, slug: article.slug },
      details: { slug: article.slug, version: article.version },
      surrogateKeys: articleEventKeys(id, [listing]),
      at: context.now,
    })
    return { id }
  })
}

/** The article's own content columns (revisions restore exactly these, plus the body). */
export const contentFields = ['headline', 'seoTitle', 'seoDescription', 'dek', 'label', 'sectionId', 'teaser', 'leadImageId', 'leadImageCaption'] as const

/** Column values for the fields an update names, the body aside (mutateArticle writes it with its renditions). */
export function columnValues(input: Partial<UpdateArticleInput>): Partial<typeof articles.$inferInsert> {
  const values: Partial<typeof articles.$inferInsert> = {}
  for (const key of ['slug', ...contentFields] as const) if (input[key] !== undefined) Object.assign(values, { [key]: input[key] })
  return values
}

/** The old slug keeps working: it becomes a redirect to this article. */
async function moveSlug(tx: Tx, article: LockedArticle, newSlug: string): Promise<void> {
  const [clash] = await tx.select({ id: articles.id }).from(articles).where(and(eq(articles.slug, newSlug), ne(articles.id, article.id)))
  if (clash) throw BadUserInputError.at(['input', 'slug'], 'is already used by another article')
  await releaseRedirect(tx, newSlug)
  await tx
    .insert(slugRedirects)
    .values({ fromSlug: article.slug, articleId: article.id })
    .onConflictDoUpdate({ target: slugRedirects.fromSlug, set: { articleId: article.id } })
}

/** A slug taken back as a current slug stops redirecting anywhere. */
async function releaseRedirect(tx: Tx, slug: string): Promise<void> {
  await tx.delete(slugRedirects).where(eq(slugRedirects.fromSlug, slug))
}

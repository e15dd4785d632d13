import { actorOf, hasRole, requireRole } from '../../auth/principal.js'
import { toInputError } from '../../db/constraint-errors.js'
import type { Tx } from '../../db/database.js'
import type { Role } from '../../db/tables/api-tokens.js'
import { articles } from '../../db/tables/articles.js'
import { DomainError, ForbiddenError, NotFoundError } from '../../errors.js'
import type { AuditActor } from '../audit/audit.repository.js'
import { recordChange } from '../audit/record-change.js'
import type { ArticleAction } from '../../webhooks/event-types.js'
import { articleEventKeys } from '../../webhooks/event-keys.js'
import { articleBodyColumns } from '../renditions/body-columns.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'
import { findArticleListing } from './article-listing.js'
import { lockArticle, revisionInsert, updateArticleRow, type LockedArticle } from './article-store.js'
import { versionedIdArgsSchema } from './article-write.schemas.js'

export class VersionConflictError extends DomainError {
  constructor(entity: string, expectedVersion: number, currentVersion: number) {
    super(
      'VERSION_CONFLICT',
      `This ${entity} changed since you read it: you sent version ${expectedVersion}, it is now at version ${currentVersion}. Reload it, reapply your change and save again.`,
      { expectedVersion, currentVersion },
    )
  }
}

export interface ArticleMutation {
  /** What the audit log calls it, e.g. "article.update" (it names the webhook event too). */
  action: ArticleAction
  role: Role
  doing: string
  /** Trashed articles can only be restored or purged. */
  allowTrashed?: boolean
  /** Contributors may only touch drafts that never went live. */
  contributorsOnDrafts?: boolean
  /** A new body, written with its renditions. */
  body?: PortableTextBlock[] | undefined
  /** Works out the new column values (and may write relations); returns audit details. */
  apply: (tx: Tx, article: LockedArticle, actor: AuditActor) => Promise<{
    values: Partial<typeof articles.$inferInsert>
    details?: Record<string, unknown>
    revisionMessage?: string | null
    /** True when the change leaves the section, bylines and tags alone: the lists it is in stay the same. */
    listingUnchanged?: boolean
  }>
}

/**
 * The one path every change to an existing article takes: role → lock → version check →
 * change → new version → revision → audit and webhook event, in one transaction. A stale
 * version changes nothing.
 */
export async function mutateArticle(context: WriteContext, rawId: unknown, rawVersion: unknown, mutation: ArticleMutation): Promise<LockedArticle> {
  requireRole(context.principal, mutation.role, mutation.doing)
  const principal = context.principal
  const { id, expectedVersion } = parseInput(versionedIdArgsSchema, { id: rawId, expectedVersion: rawVersion })
  try {
    return await context.db.transaction(async (tx) => {
      // Before the article's lock: the embedded media are locked first (see loadEmbeddedMedia).
      const bodyColumns = mutation.body === undefined ? {} : await articleBodyColumns(tx, mutation.body)
      const locked = await lockArticle(tx, id)
      if (!locked) throw new NotFoundError('article', `id ${id}`)
      // With it, where it was listed before the change, so a move purges the lists it leaves.
      const { article, listing: listedBefore } = locked
      if (article.deletedAt && !mutation.allowTrashed) {
        throw new DomainError('NOT_FOUND', 'This article is in the trash: restore it before changing it', { inTrash: true })
      }
      if (article.version !== expectedVersion) throw new VersionConflictError('article', expectedVersion, article.version)
      if (mutation.contributorsOnDrafts && !hasRole(principal, 'editor') && (article.status !== 'draft' || article.firstPublishedAt)) {
        throw new ForbiddenError('Contributors may only edit drafts that have never been published')
      }
      const actor = actorOf(principal)
      const { values, details, revisionMessage, listingUnchanged } = await mutation.apply(tx, article, actor)
      const updated = await updateArticleRow(tx, id, { ...values, ...bodyColumns }, context.now)
      if (!updated) throw new Error('article vanished inside its own transaction')
      await recordChange(tx, actor, {
        action: mutation.action,
        entity: { type: 'article', id, version: updated.version, slug: updated.slug },
        details: { version: updated.version, ...details },
        surrogateKeys: articleEventKeys(id, [listedBefore, listingUnchanged ? listedBefore : await findArticleListing(tx, id)]),
        at: context.now,
      }, revisionInsert(tx, updated, actor, revisionMessage))
      return updated
    })
  } catch (error) {
    throw toInputError(error)
  }
}

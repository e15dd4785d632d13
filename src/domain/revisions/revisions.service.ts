import { and, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { requireRole } from '../../auth/principal.js'
import { articleRevisions } from '../../db/tables/article-revisions.js'
import { mutateArticle } from '../articles/article-mutation.js'
import { checkReferences, replaceRelations, type ArticleSnapshot, type LockedArticle } from '../articles/article-store.js'
import { columnValues, contentFields } from '../articles/article-writes.service.js'
import { idSchema } from '../articles/article-write.schemas.js'
import { BadUserInputError, NotFoundError } from '../../errors.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'

const revisionRef = z.object({ id: idSchema, revision: z.number().int().min(1) })

export type RevisionRow = typeof articleRevisions.$inferSelect

/** An article's revisions, newest first (snapshots included: they are what editors compare). */
export async function listRevisions(context: WriteContext, rawId: unknown): Promise<RevisionRow[]> {
  requireRole(context.principal, 'preview', 'Reading revisions')
  const id = parseInput(idSchema, rawId)
  return context.db.select().from(articleRevisions).where(eq(articleRevisions.articleId, id)).orderBy(desc(articleRevisions.number))
}

export async function getRevision(context: WriteContext, rawId: unknown, rawRevision: unknown): Promise<RevisionRow> {
  requireRole(context.principal, 'preview', 'Reading revisions')
  const { id, revision } = parseInput(revisionRef, { id: rawId, revision: rawRevision })
  const [row] = await context.db
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, id), eq(articleRevisions.number, revision)))
  if (!row) throw new NotFoundError('revision', `${revision} of article ${id}`)
  return row
}

export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

/** Which fields differ between two revisions, with their old and new values. */
export async function compareArticleRevisions(context: WriteContext, id: unknown, from: unknown, to: unknown): Promise<FieldChange[]> {
  const [a, b] = [await getRevision(context, id, from), await getRevision(context, id, to)]
  const fields = [...new Set([...Object.keys(a.snapshot), ...Object.keys(b.snapshot)])].sort()
  return fields
    .filter((field) => JSON.stringify(a.snapshot[field]) !== JSON.stringify(b.snapshot[field]))
    .map((field) => ({ field, before: a.snapshot[field] ?? null, after: b.snapshot[field] ?? null }))
}

/**
 * Brings back an old revision's content as a new revision (history is never rewritten). The
 * publication state stays as it is: restoring text does not publish or unpublish anything.
 */
export async function restoreArticleRevision(context: WriteContext, id: unknown, revision: unknown, expectedVersion: unknown): Promise<LockedArticle> {
  requireRole(context.principal, 'contributor', 'Restoring revisions')
  const old = await getRevision(context, id, revision)
  const snapshot = old.snapshot as unknown as ArticleSnapshot
  return mutateArticle(context, id, expectedVersion, {
    action: 'article.restore_revision',
    role: 'contributor',
    doing: 'Restoring revisions',
    contributorsOnDrafts: true,
    body: snapshot.body,
    apply: async (tx, article) => {
      // The slug stays as it is now: links to the current slug must keep working.
      const content = Object.fromEntries(contentFields.map((field) => [field, snapshot[field]]))
      const relations = { authors: snapshot.authors, tagIds: snapshot.tagIds, related: snapshot.related }
      const problems = await checkReferences(tx, { ...content, ...relations }, article.id)
      if (problems.length > 0) throw new BadUserInputError(problems.map((p) => ({ ...p, message: `${p.message}; revision ${old.number} refers to it` })))
      await replaceRelations(tx, article.id, relations)
      return { values: columnValues(content), details: { restoredRevision: old.number }, revisionMessage: `Restored revision ${old.number}` }
    },
  })
}


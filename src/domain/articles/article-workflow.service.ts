import { z } from 'zod'
import { publicationEvents } from '../../db/tables/publication-events.js'
import { BadUserInputError, type FieldProblem } from '../../errors.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'
import { mutateArticle } from './article-mutation.js'
import type { LockedArticle } from './article-store.js'
import { effectiveStatus } from './effective-status.js'

/** When a publish or unpublish takes effect: now when absent. */
export const publicationTimeSchema = z.object({ at: z.date().nullish() })

/**
 * draft → scheduled → published → unpublished. Publishing with a future `at` schedules (an
 * embargo); unpublishing with a future `at` sets an expiry. Delivery honours both at read time,
 * to the second, so no job has to run. Every change is logged with the revision it concerns.
 */
export function publishArticle(context: WriteContext, id: unknown, expectedVersion: unknown, rawAt: unknown): Promise<LockedArticle> {
  const at = parseInput(publicationTimeSchema, { at: rawAt }).at ?? context.now
  return mutateArticle(context, id, expectedVersion, {
    action: at > context.now ? 'article.schedule' : 'article.publish',
    role: 'editor',
    doing: 'Publishing articles',
    apply: async (tx, article, actor) => {
      const missing: FieldProblem[] = []
      if (!article.sectionId) missing.push({ path: ['article', 'sectionId'], message: 'must be set before publishing' })
      if (article.bodyText.trim() === '') missing.push({ path: ['article', 'body'], message: 'must not be empty when publishing' })
      if (missing.length > 0) throw new BadUserInputError(missing)
      const scheduled = at > context.now
      // An expiry at or before the new start would hide the story at once: it is cleared.
      const unpublishAt = article.unpublishAt && article.unpublishAt > at ? article.unpublishAt : null
      await tx.insert(publicationEvents).values({ articleId: article.id, revision: article.version + 1, action: 'publish', effectiveAt: at, ...actor })
      return {
        values: { status: scheduled ? 'scheduled' : 'published', publishAt: at, unpublishAt, firstPublishedAt: article.firstPublishedAt ?? at },
        details: { at: at.toISOString() },
        revisionMessage: scheduled ? `Scheduled for ${at.toISOString()}` : 'Published',
      }
    },
  })
}

export function unpublishArticle(context: WriteContext, id: unknown, expectedVersion: unknown, rawAt: unknown): Promise<LockedArticle> {
  const at = parseInput(publicationTimeSchema, { at: rawAt }).at ?? context.now
  return mutateArticle(context, id, expectedVersion, {
    action: at > context.now ? 'article.expire' : 'article.unpublish',
    role: 'editor',
    doing: 'Unpublishing articles',
    apply: async (tx, article, actor) => {
      const status = effectiveStatus(article, context.now)
      if (status !== 'published' && status !== 'scheduled') throw BadUserInputError.at(['id'], `is ${status}, not published or scheduled`)
      if (article.publishAt && at <= article.publishAt && at > context.now) {
        throw BadUserInputError.at(['at'], 'must be after the article goes live')
      }
      await tx.insert(publicationEvents).values({ articleId: article.id, revision: article.version + 1, action: 'unpublish', effectiveAt: at, ...actor })
      if (at > context.now) {
        return { values: { unpublishAt: at }, details: { at: at.toISOString() }, revisionMessage: `Expires at ${at.toISOString()}` }
      }
      // Off now: a schedule that had not started yet is cancelled rather than given an end before its start.
      const started = article.publishAt !== null && article.publishAt < at
      return { values: { status: 'unpublished', unpublishAt: started ? at : null }, details: { at: at.toISOString() }, revisionMessage: 'Unpublished' }
    },
  })
}

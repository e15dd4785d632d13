import { z } from 'zod'
import { BadUserInputError } from '../../errors.js'
import { mutateArticle } from '../articles/article-mutation.js'
import { relationsOf, requireReferences, replaceRelations, type LockedArticle } from '../articles/article-store.js'
import { relatedLinkSchema, type RelatedLinkInput } from '../articles/article-write.schemas.js'
import type { ArticleAction } from '../../webhooks/event-types.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'

/**
 * Curated links belong to their article: each change here is a change to the article, under
 * its expected version, recorded as one of its revisions (so restoring a revision restores
 * its links too). Same rights as editing the article.
 */
export const relatedLinkPositionSchema = z.number().int().min(0).max(19)
const position = relatedLinkPositionSchema
// Built once, not per call (zod compiles an object schema's parser on first use).
const addArgsSchema = z.object({ link: relatedLinkSchema, at: position.nullish() })
const updateArgsSchema = z.object({ link: relatedLinkSchema, at: position })
const removeArgsSchema = z.object({ position })

async function changeLinks(
  context: WriteContext,
  articleId: unknown,
  expectedVersion: unknown,
  action: Extract<ArticleAction, `related_link.${string}`>,
  change: (links: RelatedLinkInput[]) => RelatedLinkInput[],
): Promise<LockedArticle> {
  return mutateArticle(context, articleId, expectedVersion, {
    action,
    role: 'contributor',
    doing: 'Editing related links',
    contributorsOnDrafts: true,
    apply: async (tx, article) => {
      const links = change((await relationsOf(tx, article.id)).related)
      if (links.length > 20) throw BadUserInputError.at(['link'], 'would make more than 20 related links')
      await requireReferences(tx, { related: links }, article.id)
      await replaceRelations(tx, article.id, { related: links })
      return { values: {}, details: { related: links.length }, revisionMessage: action.replace('related_link.', 'Related link ') }
    },
  })
}

export function addRelatedLink(context: WriteContext, articleId: unknown, expectedVersion: unknown, rawLink: unknown, rawPosition: unknown): Promise<LockedArticle> {
  const { link, at } = parseInput(addArgsSchema, { link: rawLink, at: rawPosition })
  return changeLinks(context, articleId, expectedVersion, 'related_link.add', (links) => {
    const copy = [...links]
    copy.splice(at ?? copy.length, 0, link)
    return copy
  })
}

export function updateRelatedLink(context: WriteContext, articleId: unknown, expectedVersion: unknown, rawPosition: unknown, rawLink: unknown): Promise<LockedArticle> {
  const { link, at } = parseInput(updateArgsSchema, { link: rawLink, at: rawPosition })
  return changeLinks(context, articleId, expectedVersion, 'related_link.update', (links) => {
    if (at >= links.length) throw BadUserInputError.at(['position'], `is past the last link (${links.length} links)`)
    return links.map((existing, index) => (index === at ? link : existing))
  })
}

export function removeRelatedLink(context: WriteContext, articleId: unknown, expectedVersion: unknown, rawPosition: unknown): Promise<LockedArticle> {
  const at = parseInput(removeArgsSchema, { position: rawPosition }).position
  return changeLinks(context, articleId, expectedVersion, 'related_link.remove', (links) => {
    if (at >= links.length) throw BadUserInputError.at(['position'], `is past the last link (${links.length} links)`)
    return links.filter((_, index) => index !== at)
  })
}

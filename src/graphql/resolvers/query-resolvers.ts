import type { IResolvers, MercuriusContext } from 'mercurius'
import { z } from 'zod'
import { requireRole } from '../../auth/principal.js'
import { composeArticlePage, pageInstant } from '../../domain/article-page/article-page.service.js'
import { findArticle, latestArticles, listArticles } from '../../domain/articles/articles.service.js'
import { findAuthor } from '../../domain/authors/authors.service.js'
import { findMedia } from '../../domain/media/media.service.js'
import { findPromo, openPromos } from '../../domain/promos/promos.service.js'
import { ReadScope } from '../../domain/read-scope.js'
import { searchArticles } from '../../domain/search/search.service.js'
import { findSection, sectionTreeRoots } from '../../domain/sections/sections.service.js'
import { siteSettings } from '../../domain/site/site.service.js'
import { findTag } from '../../domain/tags/tags.service.js'
import { parseInput } from '../../domain/validation.js'
import { fromEnumName } from '../views/enum-names.js'
import { toImage } from '../views/image-view.js'

type Args = Record<string, unknown>

// Parsed like every other input, so an instant the database cannot take is a BAD_USER_INPUT.
const pageAtSchema = z.object({ at: z.date().nullish() })
type Key = { slug?: string | null; id?: string | null }

/** The request's scope, or a preview one for a `preview: true` lookup (preview role and above). */
function previewScope(context: MercuriusContext, preview: boolean, doing = 'Previewing unpublished articles'): ReadScope {
  if (!preview) return context.scope
  requireRole(context.principal, 'preview', doing)
  return new ReadScope(context.scope.db, context.scope.at, true)
}

export const queryResolvers = {
  Query: {
    article: async (_root, { slug, id, preview }: { slug?: string | null; id?: string | null; preview: boolean }, context) =>
      (await findArticle(previewScope(context, preview), { slug, id })) ?? null,
    articles: (_root, args: Args, { scope }) => listArticles(scope, args),
    articlePage: async (_root, { slug, at, preview }: { slug: string; at?: Date | null; preview: boolean }, context) => {
      const instant = pageInstant(context.now, parseInput(pageAtSchema, { at }).at, context.mayTimeTravel)
      // A page composed at another instant reads everything at that instant, relations included.
      if (instant !== context.now) context.scope = new ReadScope(context.scope.db, instant)
      return composeArticlePage(previewScope(context, preview), slug)
    },
    latest: (_root, args: Args, { scope }) => latestArticles(scope, args),
    search: (_root, args: Args, { scope }) => searchArticles(scope, args),
    sections: (_root, _args, { scope }) => sectionTreeRoots(scope),
    section: async (_root, key: Key, { scope }) => (await findSection(scope, key)) ?? null,
    author: async (_root, key: Key, { scope }) => (await findAuthor(scope, key)) ?? null,
    tag: async (_root, key: Key, { scope }) => (await findTag(scope, key)) ?? null,
    media: async (_root, { id }: { id: string }, { scope }) => {
      const asset = await findMedia(scope, id)
      return asset ? toImage(asset, scope.at) : null
    },
    promo: async (_root, { id, preview }: { id: string; preview: boolean }, context) => (await findPromo(previewScope(context, preview, 'Previewing promos outside their window'), id)) ?? null,
    promos: (_root, { placement, section }: { placement?: string | null; section?: string | null }, { scope }) =>
      openPromos(scope, { placement: placement ? fromEnumName(placement) : null, section }),
    site: (_root, _args, { scope }) => siteSettings(scope),
  },
} satisfies IResolvers

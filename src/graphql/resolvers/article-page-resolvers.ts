import type { IResolvers } from 'mercurius'
import type { ArticlePage } from '../../domain/article-page/article-page.service.js'
import { latestArticles } from '../../domain/articles/articles.service.js'
import { openPromosForSection } from '../../domain/promos/promos.service.js'
import type { ReadScope } from '../../domain/read-scope.js'
import { composeRelated, railArticles, railLinks, type RelatedItem } from '../../domain/related/related.service.js'
import { siteSettings } from '../../domain/site/site.service.js'
import type { PromoRow } from '../../domain/promos/promos.repository.js'
import { fromEnumName } from '../views/enum-names.js'

// `related` and `relatedLinks` on one page share one composition.
const rails = new WeakMap<ArticlePage, Map<number, Promise<RelatedItem[]>>>()

function railOf(page: ArticlePage, scope: ReadScope, first: number): Promise<RelatedItem[]> {
  const byFirst = rails.get(page) ?? new Map<number, Promise<RelatedItem[]>>()
  rails.set(page, byFirst)
  let rail = byFirst.get(first)
  if (!rail) {
    rail = composeRelated(scope, [page.article.id], { first }).then((composed) => composed.get(page.article.id) ?? [])
    byFirst.set(first, rail)
  }
  return rail
}

export const articlePageResolvers: IResolvers = {
  ArticlePage: {
    related: async (page: ArticlePage, { first }: { first: number }, { scope }) => railArticles(await railOf(page, scope, first), first),
    relatedLinks: async (page: ArticlePage, { first }: { first: number }, { scope }) => railLinks(await railOf(page, scope, first), first),
    latest: (page: ArticlePage, args: { first: number; section?: string | null }, { scope }) => latestArticles(scope, args, page.article.id),
    promos: (page: ArticlePage, { placement }: { placement?: string | null }, { scope }) =>
      openPromosForSection(scope, page.article.sectionId, placement ? (fromEnumName(placement) as PromoRow['placement']) : undefined),
    site: (_page: ArticlePage, _args, { scope }) => siteSettings(scope),
  },
  RelatedLink: {
    teaser: (link: RelatedItem) => link.teaser ?? link.article?.teaser ?? null,
  },
}

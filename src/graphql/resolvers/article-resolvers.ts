import type { IResolvers } from 'mercurius'
import type { ArticleConnection } from '../../domain/articles/article-connection.js'
import type { ArticleRow } from '../../domain/articles/article-row.js'
import { effectiveStatus } from '../../domain/articles/effective-status.js'
import { openingParagraphs } from '../../domain/rich-text/index.js'
import { toEnumName } from '../views/enum-names.js'
import type { RichTextView } from '../views/rich-text-view.js'

export const articleResolvers: IResolvers = {
  Article: {
    seoTitle: (article: ArticleRow) => article.seoTitle ?? article.headline,
    kicker: async (article: ArticleRow, _args, { scope }) => {
      const section = article.sectionId ? (await scope.sectionTree()).byId(article.sectionId) : undefined
      const parts = [article.label, section?.name].filter(Boolean)
      return parts.length > 0 ? parts.join(' | ') : null
    },
    body: (article: ArticleRow): RichTextView => ({ blocks: article.body, text: article.bodyText }),
    teaser: (article: ArticleRow) => article.teaser ?? openingParagraphs(article.body, { paragraphs: 2, maxChars: 600 }),
    publishedAt: (article: ArticleRow) => article.publishAt,
    redirectedFrom: (article: ArticleRow) => article.redirectedFrom ?? null,
    status: (article: ArticleRow, _args, { scope }) => toEnumName(effectiveStatus(article, scope.at)),
    deletedAt: (article: ArticleRow & { deletedAt?: Date | null }) => article.deletedAt ?? null,
  },
  ArticleConnection: {
    nodes: (connection: ArticleConnection) => connection.edges.map((edge) => edge.node),
  },
}

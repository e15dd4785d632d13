import type { ArticleConnection } from '../../domain/articles/article-connection.js'
import type { ArticleRow } from '../../domain/articles/article-row.js'
import { countArticles } from '../../domain/articles/articles.service.js'
import { bylinesOf } from '../../domain/authors/authors.service.js'
import { mediaByIds } from '../../domain/media/media.service.js'
import { composeRelated, railArticles } from '../../domain/related/related.service.js'
import { tagsOf } from '../../domain/tags/tags.service.js'
import { toImage } from '../views/image-view.js'
import { byParams, type Loader } from './loader-types.js'

const ids = (articles: ArticleRow[]) => articles.map((article) => article.id)

export const articleLoaders = {
  Article: {
    authors: (async (queries, { scope }) => {
      const bylines = await bylinesOf(scope, ids(queries.map((q) => q.obj)))
      return queries.map(({ obj }) => (bylines.get(obj.id) ?? []).map((byline) => byline.author))
    }) satisfies Loader<ArticleRow, unknown>,

    bylines: (async (queries, { scope }) => {
      const bylines = await bylinesOf(scope, ids(queries.map((q) => q.obj)))
      return queries.map(({ obj }) => bylines.get(obj.id) ?? [])
    }) satisfies Loader<ArticleRow, unknown>,

    tags: (async (queries, { scope }) => {
      const tags = await tagsOf(scope, ids(queries.map((q) => q.obj)))
      return queries.map(({ obj }) => tags.get(obj.id) ?? [])
    }) satisfies Loader<ArticleRow, unknown>,

    leadImage: (async (queries, { scope }) => {
      // Most article reads bring their lead image along; only the others cost a statement.
      const missing = queries.flatMap(({ obj }) => (obj.leadImage === undefined && obj.leadImageId ? [obj.leadImageId] : []))
      const media = await mediaByIds(scope, missing)
      return queries.map(({ obj }) => {
        const asset = obj.leadImage !== undefined ? obj.leadImage : obj.leadImageId ? media.get(obj.leadImageId) : undefined
        return asset ? toImage(asset, scope.at, obj.leadImageCaption) : null
      })
    }) satisfies Loader<ArticleRow, unknown>,

    related: (async (queries, { scope }) =>
      byParams(queries, async (articles, params) => {
        const rails = await composeRelated(scope, ids(articles), params)
        return articles.map((article) => railArticles(rails.get(article.id) ?? [], params.first))
      })) satisfies Loader<ArticleRow, unknown, { first: number }>,
  },

  ArticleConnection: {
    totalCount: (async (queries, { scope }) => countArticles(scope, queries.map(({ obj }) => obj.count))) satisfies Loader<
      ArticleConnection,
      number
    >,
  },
}

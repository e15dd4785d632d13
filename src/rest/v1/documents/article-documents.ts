import { z } from 'zod'
import { selectionOf } from '../selection.js'
import { articleListSchema, articlePageSchema, articleSchema, articleSummarySchema, searchResultsSchema } from '../schemas/representations.js'

/** The article as read by slug also says which former slug it was found by (REST answers 301). */
const articleBySlugSchema = articleSchema.extend({ redirectedFrom: z.string().nullable() })

/** The GraphQL documents behind the article reads; each selects exactly its REST representation. */
export const articleDocuments = {
  byId: `query RestArticle($id: ID!, $preview: Boolean) {
    article(id: $id, preview: $preview) ${selectionOf(articleSchema)}
  }`,
  bySlug: `query RestArticleBySlug($slug: String!, $preview: Boolean) {
    article(slug: $slug, preview: $preview) ${selectionOf(articleBySlugSchema)}
  }`,
  list: `query RestArticles($first: Int, $after: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
    articles(first: $first, after: $after, filter: $filter, orderBy: $orderBy) ${selectionOf(articleListSchema)}
  }`,
  latest: `query RestLatest($first: Int, $section: String) {
    latest(first: $first, section: $section) ${selectionOf(articleSummarySchema)}
  }`,
  search: `query RestSearch($query: String!, $first: Int, $after: String) {
    search(query: $query, first: $first, after: $after) ${selectionOf(searchResultsSchema)}
  }`,
  page: `query RestArticlePage($slug: String!, $at: DateTime, $preview: Boolean) {
    articlePage(slug: $slug, at: $at, preview: $preview) ${selectionOf(articlePageSchema.extend({ article: articleBySlugSchema }))}
  }`,
}

export type ArticleBySlug = z.output<typeof articleBySlugSchema>

import type { z } from 'zod'
import { selectionOf } from '../selection.js'
import { articleListSchema, authorSchema, sectionSchema, sectionTreeSchema, tagSchema } from '../schemas/representations.js'

/** Sections, authors and tags are read the same way: by id or slug, and their article lists. */
function ownerDocuments(field: 'section' | 'author' | 'tag', schema: z.ZodType) {
  return {
    one: `query RestOne${field}($id: ID, $slug: String) {
      ${field}(id: $id, slug: $slug) ${selectionOf(schema)}
    }`,
    articles: `query RestArticlesOf${field}($id: ID!, $first: Int, $after: String, $orderBy: ArticleOrder) {
      ${field}(id: $id) { articles(first: $first, after: $after, orderBy: $orderBy) ${selectionOf(articleListSchema)} }
    }`,
  }
}

export const sectionDocuments = {
  ...ownerDocuments('section', sectionSchema),
  tree: `query RestSectionTree { sections ${selectionOf(sectionTreeSchema)} }`,
}
export const authorDocuments = ownerDocuments('author', authorSchema)
export const tagDocuments = ownerDocuments('tag', tagSchema)

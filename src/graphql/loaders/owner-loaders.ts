import type { OwnerKind } from '../../domain/articles/article-connection.js'
import { listArticlesForOwners } from '../../domain/articles/articles.service.js'
import type { AuthorRow } from '../../domain/authors/authors.repository.js'
import { mediaByIds } from '../../domain/media/media.service.js'
import type { SectionRow } from '../../domain/sections/section-tree.js'
import type { TagRow } from '../../domain/tags/tags.repository.js'
import { toImage } from '../views/image-view.js'
import { byParams, type Loader } from './loader-types.js'

/** `articles` connection of many sections, authors or tags: one statement per argument set. */
function ownerArticles<Owner extends { id: string }>(owner: OwnerKind): Loader<Owner, unknown> {
  return async (queries, { scope }) =>
    byParams(queries, async (owners, params) => {
      const pages = await listArticlesForOwners(scope, owner, owners.map((o) => o.id), params)
      return owners.map((o) => pages.get(o.id))
    })
}

export const ownerLoaders = {
  Section: { articles: ownerArticles<SectionRow>('section') },
  Tag: { articles: ownerArticles<TagRow>('tag') },
  Author: {
    articles: ownerArticles<AuthorRow>('author'),
    photo: (async (queries, { scope }) => {
      const media = await mediaByIds(scope, queries.flatMap(({ obj }) => (obj.photoId ? [obj.photoId] : [])))
      return queries.map(({ obj }) => {
        const asset = obj.photoId ? media.get(obj.photoId) : undefined
        return asset ? toImage(asset, scope.at) : null
      })
    }) satisfies Loader<AuthorRow, unknown>,
  },
}

/**
 * Surrogate keys name what a response contains, so a CDN can purge exactly the responses a
 * change affects. Responses are tagged with these keys (Surrogate-Key header) and every content
 * event carries the keys it makes stale (webhook payloads). Both sides use these builders, so a
 * key can never be spelt two ways.
 *
 * Entity keys: one per entity in the response. List keys: one per list whose membership or
 * order a change can alter (a new article joins `articles`, `articles:latest`, its section's,
 * authors' and tags' lists).
 */
export const surrogateKeys = {
  article: (id: string) => `article:${id}`,
  section: (id: string) => `section:${id}`,
  author: (id: string) => `author:${id}`,
  tag: (id: string) => `tag:${id}`,
  media: (id: string) => `media:${id}`,
  promo: (id: string) => `promo:${id}`,
  site: 'site',

  /** Any list or search of articles, including related rails. */
  articles: 'articles',
  latest: 'articles:latest',
  sectionArticles: (sectionId: string) => `section:${sectionId}:articles`,
  authorArticles: (authorId: string) => `author:${authorId}:articles`,
  tagArticles: (tagId: string) => `tag:${tagId}:articles`,
  /** The section tree (navigation). */
  sections: 'sections',
  /** Any list of promos (page slots). */
  promos: 'promos',
} as const

/** What an article's change makes stale, given where it is (and was) listed. */
export function articleChangeKeys(article: { id: string; sectionIds: string[]; authorIds: string[]; tagIds: string[] }): string[] {
  return [
    surrogateKeys.article(article.id),
    surrogateKeys.articles,
    surrogateKeys.latest,
    ...article.sectionIds.map(surrogateKeys.sectionArticles),
    ...article.authorIds.map(surrogateKeys.authorArticles),
    ...article.tagIds.map(surrogateKeys.tagArticles),
  ]
}

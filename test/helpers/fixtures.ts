import { randomUUID } from 'node:crypto'
import type { Db } from '../../src/db/database.js'
import * as t from '../../src/db/tables/index.js'
import { loadEmbeddedMedia } from '../../src/domain/media/embedded-media.js'
import { articleBodyRenditions, fromSimpleMarkup, promoBodyRenditions } from '../../src/domain/rich-text/index.js'

const HOUR = 3_600_000
export const hoursAgo = (hours: number, from = new Date()) => new Date(from.getTime() - hours * HOUR)

let counter = 0
const unique = (prefix: string) => `${prefix}-${++counter}-${randomUUID().slice(0, 6)}`

type ArticleInput = Partial<typeof t.articles.$inferInsert> & {
  paragraphs?: string[]
  authors?: { id: string; role?: string }[]
  tagIds?: string[]
}

/** Inserts test content straight through Drizzle, with defaults for everything not stated. */
export function fixtures(db: Db) {
  return {
    async section(values: Partial<typeof t.sections.$inferInsert> = {}) {
      const slug = values.slug ?? unique('section')
      const [row] = await db.insert(t.sections).values({ name: slug, ...values, slug }).returning()
      return row!
    },
    async author(values: Partial<typeof t.authors.$inferInsert> = {}) {
      const slug = values.slug ?? unique('author')
      const [row] = await db.insert(t.authors).values({ name: `Author ${slug}`, ...values, slug }).returning()
      return row!
    },
    async tag(values: Partial<typeof t.tags.$inferInsert> = {}) {
      const slug = values.slug ?? unique('tag')
      const [row] = await db.insert(t.tags).values({ name: slug, ...values, slug }).returning()
      return row!
    },
    async media(values: Partial<typeof t.mediaAssets.$inferInsert> = {}) {
      const [row] = await db
        .insert(t.mediaAssets)
        .values({ url: `https://img.example/${randomUUID()}.jpg`, alt: 'A photo', mimeType: 'image/jpeg', width: 1600, height: 900, ...values })
        .returning()
      return row!
    },
    /** A published article (live since an hour ago) unless told otherwise. */
    async article(input: ArticleInput = {}) {
      const { paragraphs, authors, tagIds, ...values } = input
      const body = values.body ?? fromSimpleMarkup(paragraphs ?? ['First paragraph of the story.', 'Second paragraph.'], (key) => key)
      const status = values.status ?? 'published'
      const slug = values.slug ?? unique('story')
      // Stored renditions as the write path makes them (of the given plain text, when a test sets one).
      const renditions = articleBodyRenditions(body, await loadEmbeddedMedia(db, [body]), values.bodyText ?? undefined)
      const [row] = await db
        .insert(t.articles)
        .values({
          headline: `Headline ${slug}`,
          status,
          publishAt: status === 'draft' ? null : hoursAgo(1),
          ...values,
          slug,
          body,
          ...renditions,
        })
        .returning()
      const article = row!
      if (authors?.length) {
        await db.insert(t.articleAuthors).values(authors.map((a, position) => ({ articleId: article.id, authorId: a.id, position, role: a.role ?? 'By' })))
      }
      if (tagIds?.length) await db.insert(t.articleTags).values(tagIds.map((tagId, position) => ({ articleId: article.id, tagId, position })))
      return article
    },
    async relatedLink(values: Omit<typeof t.relatedLinks.$inferInsert, 'id'>) {
      const [row] = await db.insert(t.relatedLinks).values(values).returning()
      return row!
    },
    async redirect(fromSlug: string, articleId: string) {
      await db.insert(t.slugRedirects).values({ fromSlug, articleId })
    },
    async promo(values: Partial<typeof t.promoBlocks.$inferInsert> = {}) {
      const body = values.body ?? []
      const renditions = promoBodyRenditions(body, await loadEmbeddedMedia(db, [body]))
      const [row] = await db
        .insert(t.promoBlocks)
        .values({ kind: 'cta', placement: 'end', title: unique('promo'), ...values, body, ...renditions })
        .returning()
      return row!
    },
    async site(values: Partial<typeof t.siteSettings.$inferInsert> = {}) {
      await db.insert(t.siteSettings).values({ id: 1, name: 'Test Gazette', ...values })
    },
  }
}

import { randomUUID } from 'node:crypto'
import type { Db, Tx } from '../db/database.js'
import * as t from '../db/tables/index.js'
import { loadEmbeddedMedia } from '../domain/media/embedded-media.js'
import { articleBodyRenditions, fromSimpleMarkup, promoBodyRenditions } from '../domain/rich-text/index.js'
import { demoPublication } from './demo-content/index.js'
import type { DemoArticle, DemoPublication } from './demo-content/types.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface SeedSummary {
  articles: number
  sections: number
  authors: number
  media: number
}

/**
 * Loads the demo publication in one transaction (all or nothing), with times relative to `now`
 * so a fresh site always has recent stories, an open appeal and stories still scheduled.
 */
export async function seedDemoPublication(db: Db, now: Date, publication: DemoPublication = demoPublication): Promise<SeedSummary> {
  return db.transaction(async (tx) => {
    const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * HOUR)
    const daysFromNow = (days: number | undefined) => (days === undefined ? null : new Date(now.getTime() + days * DAY))
    const lookup = (map: Map<string, string>, kind: string) => (key: string) => {
      const id = map.get(key)
      if (!id) throw new Error(`demo content refers to unknown ${kind} "${key}"`)
      return id
    }

    await tx.insert(t.siteSettings).values({ id: 1, ...publication.site })

    const mediaIds = await insertAll(tx, t.mediaAssets, publication.media, (m) => ({
      url: m.url,
      alt: m.alt,
      caption: m.caption ?? null,
      width: m.width,
      height: m.height,
      mimeType: m.mimeType,
      creditCreator: m.creditCreator ?? null,
      creditProvider: m.creditProvider ?? null,
      licenceName: m.licenceName ?? null,
      licenceUrl: m.licenceUrl ?? null,
      licenceExpiresAt: daysFromNow(m.licenceExpiresInDays),
      creditLine: m.creditLine ?? null,
    }), (m) => m.key)
    const media = lookup(mediaIds, 'media')

    // Parents before children, so every parent id is known when a child is inserted.
    const sectionIds = new Map<string, string>()
    const pending = [...publication.sections]
    while (pending.length > 0) {
      const ready = pending.filter((s) => !s.parent || sectionIds.has(s.parent))
      if (ready.length === 0) throw new Error(`demo sections with unknown parents: ${pending.map((s) => s.slug).join(', ')}`)
      const ids = await insertAll(tx, t.sections, ready, (s) => ({
        slug: s.slug,
        name: s.name,
        description: s.description,
        parentId: s.parent ? (sectionIds.get(s.parent) ?? null) : null,
        position: s.position,
        kind: s.kind ?? 'standard',
        tagline: s.tagline ?? null,
      }), (s) => s.slug)
      for (const [slug, id] of ids) sectionIds.set(slug, id)
      pending.splice(0, pending.length, ...pending.filter((s) => !sectionIds.has(s.slug)))
    }
    const section = lookup(sectionIds, 'section')

    const author = lookup(
      await insertAll(tx, t.authors, publication.authors, (a) => ({
        slug: a.slug,
        name: a.name,
        roleTitle: a.roleTitle,
        bio: a.bio,
        photoId: a.photo ? media(a.photo) : null,
        socialLinks: a.socialLinks,
      }), (a) => a.slug),
      'author',
    )
    const tag = lookup(await insertAll(tx, t.tags, publication.tags, (g) => ({ slug: g.slug, name: g.name }), (g) => g.slug), 'tag')

    // Bodies are stored with their renditions, rendered from the media just inserted (one statement).
    const articleBodies = new Map(publication.articles.map((a) => [a, fromSimpleMarkup(a.body, media)]))
    const promoBodies = new Map(publication.promos.map((p) => [p, fromSimpleMarkup(p.body, media)]))
    const embedded = await loadEmbeddedMedia(tx, [...articleBodies.values(), ...promoBodies.values()])

    const articleIds = await insertAll(tx, t.articles, publication.articles, (a) => {
      const body = articleBodies.get(a) ?? []
      const window = publicationWindow(a, hoursFromNow)
      return {
        slug: a.slug,
        headline: a.headline,
        seoTitle: a.seoTitle ?? null,
        seoDescription: a.seoDescription ?? null,
        dek: a.dek,
        label: a.label,
        sectionId: section(a.section),
        body,
        ...articleBodyRenditions(body, embedded),
        teaser: a.teaser ?? null,
        leadImageId: a.leadImage ? media(a.leadImage) : null,
        leadImageCaption: a.leadImageCaption ?? null,
        ...window,
        createdAt: window.publishAt ?? now,
        updatedAt: window.publishAt && window.publishAt < now ? window.publishAt : now,
      }
    }, (a) => a.slug)
    const article = lookup(articleIds, 'article')

    const byline = publication.articles.flatMap((a) =>
      a.authors.map((credit, position) => ({ articleId: article(a.slug), authorId: author(credit.slug), position, role: credit.role ?? 'By' })),
    )
    if (byline.length > 0) await tx.insert(t.articleAuthors).values(byline)
    const tagging = publication.articles.flatMap((a) => a.tags.map((slug, position) => ({ articleId: article(a.slug), tagId: tag(slug), position })))
    if (tagging.length > 0) await tx.insert(t.articleTags).values(tagging)
    const links = publication.articles.flatMap((a) =>
      (a.related ?? []).map((link, position) => ({
        articleId: article(a.slug),
        position,
        targetArticleId: 'article' in link ? article(link.article) : null,
        url: 'url' in link ? link.url : null,
        headline: link.headline ?? null,
        teaser: link.teaser ?? null,
      })),
    )
    if (links.length > 0) await tx.insert(t.relatedLinks).values(links)
    const redirects = publication.articles.flatMap((a) => (a.formerSlugs ?? []).map((fromSlug) => ({ fromSlug, articleId: article(a.slug) })))
    if (redirects.length > 0) await tx.insert(t.slugRedirects).values(redirects)

    if (publication.promos.length > 0) {
      await tx.insert(t.promoBlocks).values(
        publication.promos.map((p) => ({
          kind: p.kind,
          placement: p.placement,
          title: p.title,
          body: promoBodies.get(p) ?? [],
          ...promoBodyRenditions(promoBodies.get(p) ?? [], embedded),
          linkUrl: p.linkUrl ?? null,
          linkLabel: p.linkLabel ?? null,
          startsAt: daysFromNow(p.startsInDays),
          endsAt: daysFromNow(p.endsInDays),
          sectionId: p.section ? section(p.section) : null,
          priority: p.priority ?? 0,
        })),
      )
    }
    return { articles: publication.articles.length, sections: sectionIds.size, authors: publication.authors.length, media: mediaIds.size }
  })
}

function publicationWindow(article: DemoArticle, hoursFromNow: (hours: number) => Date) {
  const status = article.status ?? 'published'
  switch (status) {
    case 'draft':
      return { status, publishAt: null, unpublishAt: null, firstPublishedAt: null }
    case 'scheduled': {
      const publishAt = hoursFromNow(article.publishInHours ?? 24)
      return { status, publishAt, unpublishAt: null, firstPublishedAt: null }
    }
    case 'published': {
      const publishAt = hoursFromNow(-(article.publishedHoursAgo ?? 1))
      return { status, publishAt, unpublishAt: null, firstPublishedAt: publishAt }
    }
    case 'unpublished': {
      // Retracted: it was live for a while, and its window has closed.
      const publishAt = hoursFromNow(-(article.publishedHoursAgo ?? 48))
      return { status, publishAt, unpublishAt: hoursFromNow(-1), firstPublishedAt: publishAt }
    }
  }
}

/** Inserts rows in one statement, with ids made here, and maps each record's handle to its id. */
async function insertAll<Record, Table extends typeof t.mediaAssets | typeof t.sections | typeof t.authors | typeof t.tags | typeof t.articles>(
  tx: Tx,
  table: Table,
  records: Record[],
  toRow: (record: Record) => Omit<Table['$inferInsert'], 'id'>,
  handle: (record: Record) => string,
): Promise<Map<string, string>> {
  if (records.length === 0) return new Map()
  const ids = records.map(() => randomUUID())
  const rows = records.map((record, index) => ({ ...toRow(record), id: ids[index] }))
  await tx.insert(table).values(rows as never)
  return new Map(records.map((record, index) => [handle(record), ids[index] ?? '']))
}

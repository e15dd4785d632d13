import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/database.js'
import { surrogateKeys } from '../../http-cache/surrogate-keys.js'
import { resultRows } from '../articles/articles.repository.js'
import { parseJsonValue } from '../entities/json-row.js'
import { loadEmbeddedMedia } from '../media/embedded-media.js'
import { articleBodyRenditions, promoBodyRenditions } from '../rich-text/body-renditions.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import { renderHtml } from '../rich-text/render-html.js'
import type { RenderableMedia } from '../rich-text/renderable-media.js'
import { storeArticleRenditions, storePromoRenditions, type ArticleRenditionUpdate, type PromoRenditionUpdate } from './stored-renditions.js'

interface StoredBody {
  id: string
  body: PortableTextBlock[]
  bodyText: string
  bodyHtml: string | null
}

const toStoredBody = (raw: Record<string, unknown>): StoredBody => ({
  id: raw.id as string,
  body: parseJsonValue(raw.body) as PortableTextBlock[],
  bodyText: (raw.body_text as string | null) ?? '',
  bodyHtml: (raw.body_html as string | null) ?? null,
})

type Media = ReadonlyMap<string, RenderableMedia>

// A row start-up has not filled yet gets all its renditions; a filled one only its new HTML.
function articleUpdate(row: StoredBody, media: Media): ArticleRenditionUpdate {
  if (row.bodyHtml !== null) return { id: row.id, bodyHtml: renderHtml(row.body, { media }) }
  const { bodyHtml, excerpt, wordCount } = articleBodyRenditions(row.body, media, row.bodyText)
  return { id: row.id, bodyHtml, excerpt, wordCount }
}
const promoUpdate = (row: StoredBody, media: Media): PromoRenditionUpdate =>
  row.bodyHtml === null ? { id: row.id, ...promoBodyRenditions(row.body, media) } : { id: row.id, bodyHtml: renderHtml(row.body, { media }) }

function changed<T extends { id: string; bodyHtml: string }>(rows: StoredBody[], update: (row: StoredBody) => T): T[] {
  return rows.flatMap((row) => {
    const next = update(row)
    return next.bodyHtml === row.bodyHtml ? [] : [next]
  })
}

/**
 * After a media asset changed in a way its images show (or went to the trash, came back, or was
 * purged), in the same transaction: renders again the HTML of every article and promo body that
 * embeds it, and returns the cache keys of those whose HTML changed (their pages must be purged).
 * Not a new version of them: the HTML is derived from the body, which did not change.
 *
 * Call it after the asset's own change. The bodies are locked (in id order, as every writer of
 * many rows does) before the media are read, so a body written concurrently is either waited
 * for and rendered again here, or waits for this change and renders from it.
 */
export async function rerenderBodiesEmbedding(tx: Tx, mediaId: string): Promise<string[]> {
  // Articles find their bodies by the GIN-indexed body_media_ids; promos are few and scanned.
  const articleRows = resultRows(
    await tx.execute(sql`SELECT id, body, body_text, body_html FROM articles WHERE body_media_ids @> ${JSON.stringify([mediaId])}::jsonb ORDER BY id FOR UPDATE`),
  ).map(toStoredBody)
  const promoRows = resultRows(
    await tx.execute(sql`SELECT id, body, body_text, body_html FROM promo_blocks WHERE body @> ${JSON.stringify([{ _type: 'image', mediaId }])}::jsonb ORDER BY id FOR UPDATE`),
  ).map(toStoredBody)
  if (articleRows.length === 0 && promoRows.length === 0) return []

  const media = await loadEmbeddedMedia(tx, [...articleRows, ...promoRows].map((row) => row.body))
  const articles = changed(articleRows, (row) => articleUpdate(row, media))
  const promos = changed(promoRows, (row) => promoUpdate(row, media))
  await storeArticleRenditions(tx, articles)
  await storePromoRenditions(tx, promos)
  return [...articles.map((row) => surrogateKeys.article(row.id)), ...promos.map((row) => surrogateKeys.promo(row.id))]
}

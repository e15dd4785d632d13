import type { Tx } from '../../db/database.js'
import { loadEmbeddedMedia } from '../media/embedded-media.js'
import { articleBodyRenditions, promoBodyRenditions, type ArticleBodyRenditions, type PromoBodyRenditions } from '../rich-text/body-renditions.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'

/**
 * What a write that sets a body writes with it: the body and its renditions, rendered from the
 * embedded media as they are now, those media locked until the write commits (see
 * loadEmbeddedMedia). Call it before locking the row the body goes in.
 */
export async function articleBodyColumns(tx: Tx, body: PortableTextBlock[]): Promise<{ body: PortableTextBlock[] } & ArticleBodyRenditions> {
  const media = await loadEmbeddedMedia(tx, [body], { lock: true })
  return { body, ...articleBodyRenditions(body, media) }
}

export async function promoBodyColumns(tx: Tx, body: PortableTextBlock[]): Promise<{ body: PortableTextBlock[] } & PromoBodyRenditions> {
  const media = await loadEmbeddedMedia(tx, [body], { lock: true })
  return { body, ...promoBodyRenditions(body, media) }
}

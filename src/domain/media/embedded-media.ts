import type { Executor } from '../../db/database.js'
import { embeddedMediaIds } from '../rich-text/body-renditions.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import type { RenderableMedia } from '../rich-text/renderable-media.js'
import { creditLine } from './credit-line.js'
import { findMediaByIds, type MediaRow } from './media.repository.js'

/** What the body renderer needs of an asset, with its printed credit. */
export function toRenderableMedia(asset: MediaRow): RenderableMedia {
  return { url: asset.url, alt: asset.alt, caption: asset.caption, width: asset.width, height: asset.height, creditLine: creditLine(asset) }
}

/**
 * The media the bodies embed, as their HTML shows them, in one statement (none when no body
 * embeds an image). The same visibility as every read (`findMediaByIds`): an asset in the trash
 * is absent, so its images render nothing.
 *
 * Writers of bodies pass `lock`: the assets are held FOR SHARE until the write commits, and a
 * change to one of them waits for it (then re-renders the body, see renditions/). Without the
 * lock a body could be rendered from an asset that a transaction in flight is changing, and
 * that change would never reach this body. Lock the media before the row the body goes in:
 * media changes lock the media first too, so the two never wait on each other in a circle.
 */
export async function loadEmbeddedMedia(
  exec: Executor,
  bodies: Iterable<readonly PortableTextBlock[]>,
  options: { lock?: boolean } = {},
): Promise<Map<string, RenderableMedia>> {
  const assets = await findMediaByIds(exec, embeddedMediaIds(bodies), { lockForShare: options.lock ?? false })
  return new Map([...assets].map(([id, asset]) => [id, toRenderableMedia(asset)]))
}

import type { MediaRow } from '../../domain/media/media.repository.js'

/** A media asset as used in one place: the caption override of that use, and the instant read at. */
export interface ImageView extends MediaRow {
  captionOverride: string | null
  at: Date
}

export function toImage(asset: MediaRow, at: Date, captionOverride: string | null = null): ImageView {
  return { ...asset, captionOverride, at }
}

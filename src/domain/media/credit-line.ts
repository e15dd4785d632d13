import type { MediaRow } from './media.repository.js'

/**
 * The printed credit: the editor's exact line when a provider demands one
 * ("REUTERS/Jane Doe"), otherwise "Creator/Provider" from the structured fields.
 */
export function creditLine(media: Pick<MediaRow, 'creditLine' | 'creditCreator' | 'creditProvider'>): string | null {
  if (media.creditLine) return media.creditLine
  const parts = [media.creditCreator, media.creditProvider].filter((part): part is string => Boolean(part))
  return parts.length > 0 ? parts.join('/') : null
}

export function licenceValidAt(media: Pick<MediaRow, 'licenceExpiresAt'>, at: Date): boolean {
  return media.licenceExpiresAt === null || media.licenceExpiresAt > at
}

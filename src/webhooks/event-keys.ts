import { articleChangeKeys, surrogateKeys } from '../http-cache/surrogate-keys.js'
import type { LifecycleEntity } from './event-types.js'

/** Where an article is listed: its section with that section's ancestors, its authors, its tags. */
export interface ArticleListing {
  sectionIds: string[]
  authorIds: string[]
  tagIds: string[]
}

/**
 * What a CDN must purge after an article changes. Given the listings before and after the change,
 * an article that moved (another section, byline or tags) purges the lists it left as well as
 * the ones it joined.
 */
export function articleEventKeys(id: string, listings: ArticleListing[]): string[] {
  const union = (pick: (listing: ArticleListing) => string[]) => [...new Set(listings.flatMap(pick))]
  return [...new Set(articleChangeKeys({ id, sectionIds: union((l) => l.sectionIds), authorIds: union((l) => l.authorIds), tagIds: union((l) => l.tagIds) }))]
}

const entityKey: Record<LifecycleEntity, (id: string) => string> = {
  section: surrogateKeys.section,
  author: surrogateKeys.author,
  tag: surrogateKeys.tag,
  media: surrogateKeys.media,
  promo: surrogateKeys.promo,
}

/**
 * The entity's own key (every response showing it carries it), the lists it belongs to, and any
 * further list keys the write worked out (a section moved in the tree: its ancestors' article lists).
 */
export function entityEventKeys(entity: LifecycleEntity, id: string, listKeys: string[] = []): string[] {
  const lists = entity === 'section' ? [surrogateKeys.sections] : entity === 'promo' ? [surrogateKeys.promos] : []
  return [...new Set([entityKey[entity](id), ...lists, ...listKeys])]
}

export const siteEventKeys = (): string[] => [surrogateKeys.site]

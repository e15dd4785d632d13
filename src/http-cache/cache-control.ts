import type { Config } from '../config.js'

export type CachePolicyConfig = Pick<Config, 'CACHE_MAX_AGE' | 'CACHE_S_MAXAGE' | 'CACHE_STALE_WHILE_REVALIDATE' | 'CACHE_STALE_IF_ERROR'>

export const PRIVATE = 'private, no-store'

/** Statuses a shared cache may keep: the content, its absence for a moved slug, and revalidations. */
const CACHEABLE_STATUSES = new Set([200, 301, 304])

/**
 * Public reads are shareable; anything made with a token (it may include drafts, and says who
 * asked) or any failure is private and never stored.
 */
export function cacheControlFor(config: CachePolicyConfig, { publicRequest, method, status }: { publicRequest: boolean; method: string; status: number }): string {
  if (!publicRequest || !CACHEABLE_STATUSES.has(status) || (method !== 'GET' && method !== 'HEAD')) return PRIVATE
  return [
    'public',
    `max-age=${config.CACHE_MAX_AGE}`,
    `s-maxage=${config.CACHE_S_MAXAGE}`,
    `stale-while-revalidate=${config.CACHE_STALE_WHILE_REVALIDATE}`,
    `stale-if-error=${config.CACHE_STALE_IF_ERROR}`,
  ].join(', ')
}

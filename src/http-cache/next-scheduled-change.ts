import { sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { resultRows } from '../domain/articles/articles.repository.js'

/**
 * The next instant at which public content changes by itself, with no write: a scheduled article
 * goes live or leaves, a promo window opens or closes, a photo's licence runs out. Cached
 * responses must not outlive it.
 */
export async function nextScheduledChange(db: Db, now: Date): Promise<Date | null> {
  const result = await db.execute(sql`
    SELECT least(
      (SELECT min(publish_at) FROM articles WHERE publish_at > ${now} AND status IN ('scheduled', 'published') AND deleted_at IS NULL),
      (SELECT min(unpublish_at) FROM articles WHERE unpublish_at > ${now} AND status IN ('scheduled', 'published') AND deleted_at IS NULL),
      (SELECT min(starts_at) FROM promo_blocks WHERE starts_at > ${now} AND deleted_at IS NULL),
      (SELECT min(ends_at) FROM promo_blocks WHERE ends_at > ${now} AND deleted_at IS NULL),
      (SELECT min(licence_expires_at) FROM media_assets WHERE licence_expires_at > ${now} AND deleted_at IS NULL)
    ) AS next`)
  const next = resultRows(result)[0]?.next as string | Date | null | undefined
  return next == null ? null : new Date(next)
}

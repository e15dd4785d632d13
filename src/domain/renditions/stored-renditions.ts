import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'

/**
 * Writes renditions of many rows, at most BATCH_ROWS per statement (one JSON parameter each).
 * Derived data only: versions, timestamps and revisions stay as they are. A field left out
 * (undefined) keeps its stored value.
 */

export const BATCH_ROWS = 500

export interface ArticleRenditionUpdate {
  id: string
  bodyHtml: string
  excerpt?: string
  wordCount?: number
}

export interface PromoRenditionUpdate {
  id: string
  bodyHtml: string
  bodyText?: string
  wordCount?: number
}

async function inBatches(rows: readonly object[], write: (json: string) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) await write(JSON.stringify(rows.slice(start, start + BATCH_ROWS)))
}

export function storeArticleRenditions(exec: Executor, rows: readonly ArticleRenditionUpdate[]): Promise<void> {
  return inBatches(rows, (json) =>
    exec.execute(sql`
      UPDATE articles a
      SET body_html = v."bodyHtml", excerpt = coalesce(v.excerpt, a.excerpt), word_count = coalesce(v."wordCount", a.word_count)
      FROM json_to_recordset(${json}::json) AS v(id uuid, "bodyHtml" text, excerpt text, "wordCount" integer)
      WHERE a.id = v.id`),
  )
}

export function storePromoRenditions(exec: Executor, rows: readonly PromoRenditionUpdate[]): Promise<void> {
  return inBatches(rows, (json) =>
    exec.execute(sql`
      UPDATE promo_blocks p
      SET body_html = v."bodyHtml", body_text = coalesce(v."bodyText", p.body_text), word_count = coalesce(v."wordCount", p.word_count)
      FROM json_to_recordset(${json}::json) AS v(id uuid, "bodyHtml" text, "bodyText" text, "wordCount" integer)
      WHERE p.id = v.id`),
  )
}

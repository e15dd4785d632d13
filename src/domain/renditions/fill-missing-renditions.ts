import { sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/database.js'
import { resultRows, uuidArray } from '../articles/articles.repository.js'
import { parseJsonValue } from '../entities/json-row.js'
import { loadEmbeddedMedia } from '../media/embedded-media.js'
import { articleBodyRenditions, promoBodyRenditions } from '../rich-text/body-renditions.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import { BATCH_ROWS, storeArticleRenditions, storePromoRenditions } from './stored-renditions.js'

/**
 * Start-up, after the migrations: rows written before bodies had stored renditions (body_html
 * IS NULL) get them, BATCH_ROWS at a time, one short transaction per batch. Every writer fills
 * them itself, so once done this finds nothing.
 *
 * Safe when several instances start at once, or while one already serves: a batch locks its rows
 * (in id order, waiting for any writer holding one) and re-checks that they are still unfilled,
 * so a row is rendered from the body it holds when it is written, and a row another instance
 * filled meanwhile is left alone. A crash loses only the batch in flight; the next start resumes.
 */
export async function fillMissingRenditions(db: Db): Promise<{ articles: number; promos: number }> {
  return {
    articles: await fillTable(db, 'articles', fillArticles),
    promos: await fillTable(db, 'promo_blocks', fillPromos),
  }
}

type Filler = (tx: Tx, rows: Record<string, unknown>[]) => Promise<void>

/** The next batch of ids still without renditions, after `after` (articles: from their own partial index). */
export function unfilledAfterSql(table: 'articles' | 'promo_blocks', after: string): SQL {
  return sql`SELECT id FROM ${sql.raw(table)} WHERE body_html IS NULL AND id > ${after}::uuid ORDER BY id LIMIT ${BATCH_ROWS}`
}

async function fillTable(db: Db, table: 'articles' | 'promo_blocks', fill: Filler): Promise<number> {
  const name = sql.raw(table)
  let filled = 0
  // Keyset over ids, so the walk ends even when rows are filled by others under it.
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const candidates = resultRows(await db.execute(unfilledAfterSql(table, after))).map((row) => row.id as string)
    const last = candidates.at(-1)
    if (last === undefined) return filled
    after = last
    filled += await db.transaction(async (tx) => {
      const rows = resultRows(
        await tx.execute(sql`SELECT id, body, body_text FROM ${name} WHERE id = ANY(${uuidArray(candidates)}) AND body_html IS NULL ORDER BY id FOR UPDATE`),
      )
      if (rows.length > 0) await fill(tx, rows)
      return rows.length
    })
  }
}

const bodyOf = (row: Record<string, unknown>) => parseJsonValue(row.body) as PortableTextBlock[]

const fillArticles: Filler = async (tx, rows) => {
  const media = await loadEmbeddedMedia(tx, rows.map(bodyOf))
  await storeArticleRenditions(
    tx,
    rows.map((row) => {
      // Word counts are counted on the stored plain text, as the API counts them.
      const { bodyHtml, excerpt, wordCount } = articleBodyRenditions(bodyOf(row), media, row.body_text as string)
      return { id: row.id as string, bodyHtml, excerpt, wordCount }
    }),
  )
}

const fillPromos: Filler = async (tx, rows) => {
  const media = await loadEmbeddedMedia(tx, rows.map(bodyOf))
  await storePromoRenditions(tx, rows.map((row) => ({ id: row.id as string, ...promoBodyRenditions(bodyOf(row), media) })))
}

import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import type { PortableTextBlock } from '../rich-text/portable-text.js'
import { promoBlocks } from '../../db/tables/promo-blocks.js'
import { resultRows, uuidArray } from '../articles/articles.repository.js'
import { toDateOrNull } from '../articles/article-row.js'

// Renditions are read by the compiled page statements only; resolvers render from `body`.
export type PromoRow = Omit<typeof promoBlocks.$inferSelect, 'deletedAt' | 'createdAt' | 'updatedAt' | 'bodyHtml' | 'bodyText' | 'wordCount'>

export interface OpenPromoQuery {
  at: Date
  /** The page's section and its ancestors; promos targeted elsewhere are left out. */
  sectionPath: string[]
  placement?: PromoRow['placement'] | undefined
}

const promoColumnsSql = sql`p.id, p.version, p.kind, p.placement, p.title, p.body, p.link_url, p.link_label, p.starts_at, p.ends_at,
           p.section_id, p.priority`

/** Promos (alias `p`) whose window is open at `at` (an instant, or an SQL expression for one). */
export function promoOpenAt(at: Date | SQL): SQL {
  const instant = at instanceof Date ? sql`${at.toISOString()}::timestamptz` : at
  return sql`(p.starts_at IS NULL OR p.starts_at <= ${instant}) AND (p.ends_at IS NULL OR p.ends_at > ${instant})`
}

/** The order promos are listed in (alias `p`): by placement, then priority. */
export const promoOrderSql = sql.raw('p.placement, p.priority DESC, p.starts_at NULLS FIRST, p.id')

function mapPromoRow(raw: Record<string, unknown>): PromoRow {
  return {
    id: raw.id as string,
    version: Number(raw.version),
    kind: raw.kind as PromoRow['kind'],
    placement: raw.placement as PromoRow['placement'],
    title: raw.title as string,
    body: (typeof raw.body === 'string' ? JSON.parse(raw.body) : raw.body) as PortableTextBlock[],
    linkUrl: (raw.link_url as string | null) ?? null,
    linkLabel: (raw.link_label as string | null) ?? null,
    startsAt: toDateOrNull(raw.starts_at),
    endsAt: toDateOrNull(raw.ends_at),
    sectionId: (raw.section_id as string | null) ?? null,
    priority: Number(raw.priority),
  }
}

/** Promos whose window is open at `at`: a promo exists only while its window is open. */
export async function findOpenPromos(exec: Executor, query: OpenPromoQuery): Promise<PromoRow[]> {
  const sectionCondition =
    query.sectionPath.length > 0 ? sql`(p.section_id IS NULL OR p.section_id = ANY(${uuidArray(query.sectionPath)}))` : sql`p.section_id IS NULL`
  const placementCondition = query.placement ? sql`AND p.placement = ${query.placement}` : sql``
  const result = await exec.execute(sql`
    SELECT ${promoColumnsSql}
    FROM promo_blocks p
    WHERE p.deleted_at IS NULL
      AND ${promoOpenAt(query.at)}
      AND ${sectionCondition} ${placementCondition}
    ORDER BY ${promoOrderSql}`)
  return resultRows(result).map(mapPromoRow)
}

/** One promo by id: open at `at`, or in any window when `at` is undefined (never from the trash). */
export async function findPromoById(exec: Executor, id: string, at: Date | undefined): Promise<PromoRow | undefined> {
  const result = await exec.execute(sql`
    SELECT ${promoColumnsSql} FROM promo_blocks p
    WHERE p.id = ${id}::uuid AND p.deleted_at IS NULL AND ${at ? promoOpenAt(at) : sql`true`}`)
  const raw = resultRows(result)[0]
  return raw === undefined ? undefined : mapPromoRow(raw)
}

import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import type { CursorPosition } from '../pagination/cursor.js'
import { articleColumnsSql, mapArticleRow, type ArticleRow } from './article-row.js'
import { afterCursorSql, orderBySql, type ArticleOrder } from './article-order.js'
import { articleLiveAt } from './article-visibility.js'

/**
 * Public reads of articles. Every query here applies `articleLiveAt`, so nothing a repository
 * caller forgets can leak a draft. Statements are hand-written where they batch (window
 * functions, arrays) and read through one row mapper.
 */

export interface LiveListQuery {
  at: Date
  /** Extra conditions on alias `a`. */
  conditions: SQL[]
  order: ArticleOrder
  after?: CursorPosition | undefined
  /** Rows to fetch (a page asks for first + 1 to learn whether there is a next page). */
  limit: number
}

/** How a batch of owners (sections, authors, tags) joins to their articles. */
export interface OwnerJoin {
  /** FROM-clause addition after `articles a`, exposing the owner id as `o.owner_id`. */
  join: SQL
}

function whereSql(at: Date, conditions: SQL[]): SQL {
  return sql.join([articleLiveAt(at), ...conditions], sql` AND `)
}

function rows(result: unknown): Record<string, unknown>[] {
  // node-postgres and PGlite both return { rows }.
  return (result as { rows: Record<string, unknown>[] }).rows
}

/**
 * One article by its current slug or, failing that, a former one (a redirect), in one
 * statement; `visible` is the condition on alias `a` (live at an instant, or merely not trashed).
 */
async function findBySlug(exec: Executor, slug: string, visible: SQL): Promise<ArticleRow | undefined> {
  const result = await exec.execute(sql`
    SELECT ${articleColumnsSql}, NULL AS redirected_from, 0 AS preference FROM articles a
      WHERE a.slug = ${slug} AND ${visible}
    UNION ALL
    SELECT ${articleColumnsSql}, r.from_slug, 1 FROM slug_redirects r JOIN articles a ON a.id = r.article_id
      WHERE r.from_slug = ${slug} AND ${visible}
    ORDER BY preference LIMIT 1`)
  const raw = rows(result)[0]
  if (raw === undefined) return undefined
  return { ...mapArticleRow(raw), redirectedFrom: (raw.redirected_from as string | null) ?? undefined }
}

export function findLiveBySlug(exec: Executor, slug: string, at: Date): Promise<ArticleRow | undefined> {
  return findBySlug(exec, slug, articleLiveAt(at))
}

/** Editors' preview: the latest saved state whatever its status or window (never the trash). */
export async function findForPreview(exec: Executor, key: { slug: string } | { id: string }): Promise<ArticleRow | undefined> {
  const notTrashed = sql`a.deleted_at IS NULL`
  if ('slug' in key) return findBySlug(exec, key.slug, notTrashed)
  const result = await exec.execute(sql`SELECT ${articleColumnsSql} FROM articles a WHERE a.id = ${key.id}::uuid AND ${notTrashed}`)
  const raw = rows(result)[0]
  return raw === undefined ? undefined : mapArticleRow(raw)
}

export async function findLiveByIds(exec: Executor, ids: readonly string[], at: Date): Promise<ArticleRow[]> {
  if (ids.length === 0) return []
  const result = await exec.execute(sql`
    SELECT ${articleColumnsSql} FROM articles a WHERE a.id = ANY(${uuidArray(ids)}) AND ${articleLiveAt(at)}`)
  return rows(result).map(mapArticleRow)
}

export async function listLive(exec: Executor, query: LiveListQuery): Promise<ArticleRow[]> {
  const conditions = query.after ? [...query.conditions, afterCursorSql(query.order, query.after)] : query.conditions
  const result = await exec.execute(sql`
    SELECT ${articleColumnsSql} FROM articles a
    WHERE ${whereSql(query.at, conditions)}
    ORDER BY ${orderBySql(query.order)}
    LIMIT ${query.limit}`)
  return rows(result).map(mapArticleRow)
}

export async function countLive(exec: Executor, at: Date, conditions: SQL[]): Promise<number> {
  const result = await exec.execute(sql`SELECT count(*)::int AS n FROM articles a WHERE ${whereSql(at, conditions)}`)
  return Number(rows(result)[0]?.n ?? 0)
}

/** One page per owner, for many owners, in one statement. */
export async function listLiveForOwners(
  exec: Executor,
  owners: OwnerJoin,
  query: LiveListQuery,
): Promise<Map<string, ArticleRow[]>> {
  const conditions = query.after ? [...query.conditions, afterCursorSql(query.order, query.after)] : query.conditions
  const result = await exec.execute(sql`
    SELECT * FROM (
      SELECT ${articleColumnsSql}, o.owner_id,
        row_number() OVER (PARTITION BY o.owner_id ORDER BY ${orderBySql(query.order)}) AS rank
      FROM articles a ${owners.join}
      WHERE ${whereSql(query.at, conditions)}
    ) ranked
    WHERE rank <= ${query.limit}
    ORDER BY owner_id, rank`)
  const byOwner = new Map<string, ArticleRow[]>()
  for (const raw of rows(result)) {
    const owner = raw.owner_id as string
    const list = byOwner.get(owner) ?? []
    list.push(mapArticleRow(raw))
    byOwner.set(owner, list)
  }
  return byOwner
}

export async function countLiveForOwners(exec: Executor, owners: OwnerJoin, at: Date): Promise<Map<string, number>> {
  const result = await exec.execute(sql`
    SELECT o.owner_id, count(*)::int AS n FROM articles a ${owners.join}
    WHERE ${articleLiveAt(at)} GROUP BY o.owner_id`)
  return new Map(rows(result).map((raw) => [raw.owner_id as string, Number(raw.n)]))
}

/** A uuid[] parameter (drizzle would otherwise expand an array into a row constructor). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`
}

export { rows as resultRows }

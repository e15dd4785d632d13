import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { intLiteral } from '../../db/int-literal.js'
import type { CursorPosition } from '../pagination/cursor.js'
import { articleColumnsSql, leadImageColumnsSql, leadImageJoinSql, mapPublicArticleRow, type ArticleRow } from './article-row.js'
import { afterCursorSql, orderBySql, type ArticleOrder, type KeysetColumns } from './article-order.js'
import { articleLiveAt } from './article-visibility.js'

/**
 * Public reads of articles. Every query here applies `articleLiveAt`, so nothing a repository
 * caller forgets can leak a draft. Statements are hand-written where they batch (window
 * functions, arrays) and read through one row mapper; each reads its articles' lead images too.
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
  /** The owners (a uuid[]), each read on its own, so each page stops at its end. */
  ownerIds: SQL
  /**
   * One owner's articles: a FROM-clause addition after `articles a` and a condition, for the
   * owner `owner`; `keyset` names copies of a.publish_at and a.id that an index of the owner
   * orders: a date order and the cursor are stated on them, so the page is that index's walk,
   * started where the page starts.
   */
  ofOwner: (owner: SQL) => { join: SQL; where: SQL; keyset?: KeysetColumns }
}

const LEAD_IMAGE = { leadImage: true }

function whereSql(at: Date, conditions: SQL[]): SQL {
  return sql.join([articleLiveAt(at), ...conditions], sql` AND `)
}

function rows(result: unknown): Record<string, unknown>[] {
  // node-postgres and PGlite both return { rows }.
  return (result as { rows: Record<string, unknown>[] }).rows
}

/**
 * One article by its current slug or, failing that, a former one (a redirect), as one statement
 * for `mapBySlugRow`; `visible` is the condition on alias `a` (`articleLiveAt`, or
 * `notTrashedSql` for a preview). Callers may wrap it to read more in the same statement, and
 * choose what it reads (`read`: the columns and joins after `articles a`); `slug` may be an SQL
 * expression (a compiled statement's parameter).
 */
export function bySlugSql(slug: string | SQL, visible: SQL, read: { columns: SQL; join: SQL } = LEAD_IMAGE_READ): SQL {
  // One scan of articles by either index (slug, or id through the redirect); the current slug wins.
  return sql`
    SELECT ${read.columns}, CASE WHEN a.slug = ${slug} THEN NULL ELSE ${slug} END AS redirected_from
    FROM articles a ${read.join}
    WHERE (a.slug = ${slug} OR a.id = ANY(ARRAY(SELECT r.article_id FROM slug_redirects r WHERE r.from_slug = ${slug}))) AND ${visible}
    ORDER BY a.slug = ${slug} DESC
    LIMIT 1`
}

const LEAD_IMAGE_READ = { columns: sql`${articleColumnsSql}, ${leadImageColumnsSql}`, join: leadImageJoinSql }

export function mapBySlugRow(raw: Record<string, unknown>): ArticleRow {
  const row = mapPublicArticleRow(raw, LEAD_IMAGE)
  row.redirectedFrom = (raw.redirected_from as string | null) ?? undefined
  return row
}

/** What a preview may see (any saved state, whatever its status or window), as the condition on alias `a`. */
export const notTrashedSql = sql`a.deleted_at IS NULL`

async function findBySlug(exec: Executor, slug: string, visible: SQL): Promise<ArticleRow | undefined> {
  const raw = rows(await exec.execute(bySlugSql(slug, visible)))[0]
  return raw === undefined ? undefined : mapBySlugRow(raw)
}

export function findLiveBySlug(exec: Executor, slug: string, at: Date): Promise<ArticleRow | undefined> {
  return findBySlug(exec, slug, articleLiveAt(at))
}

/** Editors' preview: the latest saved state whatever its status or window (never the trash). */
export async function findForPreview(exec: Executor, key: { slug: string } | { id: string }): Promise<ArticleRow | undefined> {
  if ('slug' in key) return findBySlug(exec, key.slug, notTrashedSql)
  const result = await exec.execute(
    sql`SELECT ${articleColumnsSql}, ${leadImageColumnsSql} FROM articles a ${leadImageJoinSql} WHERE a.id = ${key.id}::uuid AND ${notTrashedSql}`,
  )
  const raw = rows(result)[0]
  return raw === undefined ? undefined : mapPublicArticleRow(raw, LEAD_IMAGE)
}

export async function findLiveByIds(exec: Executor, ids: readonly string[], at: Date): Promise<ArticleRow[]> {
  if (ids.length === 0) return []
  const result = await exec.execute(sql`
    SELECT ${articleColumnsSql}, ${leadImageColumnsSql} FROM articles a ${leadImageJoinSql}
    WHERE a.id = ANY(${uuidArray(ids)}) AND ${articleLiveAt(at)}`)
  return rows(result).map((raw) => mapPublicArticleRow(raw, LEAD_IMAGE))
}

export async function listLive(exec: Executor, query: LiveListQuery): Promise<ArticleRow[]> {
  const conditions = query.after ? [...query.conditions, afterCursorSql(query.order, query.after)] : query.conditions
  const result = await exec.execute(sql`
    SELECT ${articleColumnsSql}, ${leadImageColumnsSql} FROM articles a ${leadImageJoinSql}
    WHERE ${whereSql(query.at, conditions)}
    ORDER BY ${orderBySql(query.order)}
    LIMIT ${intLiteral(query.limit)}`)
  return rows(result).map((raw) => mapPublicArticleRow(raw, LEAD_IMAGE))
}

export async function countLive(exec: Executor, at: Date, conditions: SQL[]): Promise<number> {
  const result = await exec.execute(sql`SELECT count(*)::int AS n FROM articles a WHERE ${whereSql(at, conditions)}`)
  return Number(rows(result)[0]?.n ?? 0)
}

/**
 * One page per owner, for many owners, in one statement: a read per owner that walks an index
 * in the page's order and stops at the page's end, so a page costs the same for an owner of a
 * million articles as for one of ten.
 */
export async function listLiveForOwners(
  exec: Executor,
  owners: OwnerJoin,
  query: LiveListQuery,
): Promise<Map<string, ArticleRow[]>> {
  const { join, where, keyset } = owners.ofOwner(sql`o.owner_id`)
  const cursor = query.after ? [afterCursorSql(query.order, query.after), ...(keyset ? [afterCursorSql(query.order, query.after, keyset)] : [])] : []
  // The lead images are joined to the page rows only.
  const result = await exec.execute(sql`
    SELECT a.*, ${leadImageColumnsSql} FROM unnest(${owners.ownerIds}) AS o(owner_id) CROSS JOIN LATERAL (
      SELECT ${articleColumnsSql}, o.owner_id FROM articles a ${join}
      WHERE ${whereSql(query.at, [...query.conditions, where, ...cursor])}
      ORDER BY ${orderBySql(query.order, keyset)}
      LIMIT ${intLiteral(query.limit)}
    ) a ${leadImageJoinSql}
    ORDER BY a.owner_id, ${orderBySql(query.order)}`)
  const byOwner = new Map<string, ArticleRow[]>()
  for (const raw of rows(result)) {
    const owner = raw.owner_id as string
    const list = byOwner.get(owner) ?? []
    list.push(mapPublicArticleRow(raw, LEAD_IMAGE))
    byOwner.set(owner, list)
  }
  return byOwner
}

export async function countLiveForOwners(exec: Executor, owners: OwnerJoin, at: Date, conditions: SQL[] = []): Promise<Map<string, number>> {
  const { join, where } = owners.ofOwner(sql`o.owner_id`)
  const result = await exec.execute(sql`
    SELECT o.owner_id, (SELECT count(*)::int FROM articles a ${join} WHERE ${whereSql(at, [...conditions, where])}) AS n
    FROM unnest(${owners.ownerIds}) AS o(owner_id)`)
  return new Map(rows(result).map((raw) => [raw.owner_id as string, Number(raw.n)]))
}

/** A uuid[] parameter (drizzle would otherwise expand an array into a row constructor). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`
}

export { rows as resultRows }

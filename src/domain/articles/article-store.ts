import { eq, sql, type SQL } from 'drizzle-orm'
import type { Executor, Tx } from '../../db/database.js'
import { articleAuthors } from '../../db/tables/article-authors.js'
import { articleRevisions } from '../../db/tables/article-revisions.js'
import { articleTags } from '../../db/tables/article-tags.js'
import { articles } from '../../db/tables/articles.js'
import { relatedLinks } from '../../db/tables/related-links.js'
import { BadUserInputError, type FieldProblem } from '../../errors.js'
import type { AuditActor } from '../audit/audit.repository.js'
import { parseJsonValue } from '../entities/json-row.js'
import type { ArticleListing } from '../../webhooks/event-keys.js'
import { listingColumnsSql, mapListing } from './article-listing.js'
import { articleColumnNames, articleColumnsSql, mapArticleRow, toDateOrNull, type ArticleRow } from './article-row.js'
import type { BylineInput, RelatedLinkInput } from './article-write.schemas.js'
import { resultRows, uuidArray } from './articles.repository.js'

/**
 * Writes of articles: editors' paths, never public ones. Every function takes the transaction
 * the service opened, so an article, its relations and its revision commit together or not at all.
 */

export interface LockedArticle extends ArticleRow {
  deletedAt: Date | null
}

const mapLockedRow = (raw: Record<string, unknown>): LockedArticle => ({ ...mapArticleRow(raw), deletedAt: toDateOrNull(raw.deleted_at) })

/** The one article row a statement selected (articleColumnsSql plus deleted_at), if any. */
function lockedRowOf(result: unknown): LockedArticle | undefined {
  const raw = resultRows(result)[0]
  return raw ? mapLockedRow(raw) : undefined
}

/**
 * Reads and locks the row: concurrent writers of one article queue here, so versions cannot
 * race. The lists it is in come with it, in the same statement: a write needs them to say which
 * cached lists it makes stale. (Were the lock awaited behind another writer, that writer bumped
 * the version and the version check refuses this write; the listing cannot be stale unnoticed.)
 */
export async function lockArticle(tx: Tx, id: string): Promise<{ article: LockedArticle; listing: ArticleListing } | undefined> {
  const result = await tx.execute(sql`SELECT ${articleColumnsSql}, a.deleted_at, ${listingColumnsSql} FROM articles a WHERE a.id = ${id}::uuid FOR UPDATE OF a`)
  const raw = resultRows(result)[0]
  return raw ? { article: mapLockedRow(raw), listing: mapListing(raw) } : undefined
}

// What a write reads back: the columns of articleColumnsSql, not the search vector or renditions.
const returningLockedColumnsSql = sql.raw(`RETURNING ${[...articleColumnNames, 'deleted_at'].join(', ')}`)

/** Updates the row and reads it back in one statement (the new version, updated_at, generated columns). */
export async function updateArticleRow(tx: Tx, id: string, values: Partial<typeof articles.$inferInsert>, at: Date): Promise<LockedArticle | undefined> {
  const update = tx.update(articles).set({ ...values, version: sql`${articles.version} + 1`, updatedAt: at }).where(eq(articles.id, id))
  return lockedRowOf(await tx.execute(sql`${update.getSQL()} ${returningLockedColumnsSql}`))
}

/** Any row by id, trash included (for editors' reads after a write). */
export async function findArticleById(exec: Executor, id: string): Promise<LockedArticle | undefined> {
  return lockedRowOf(await exec.execute(sql`SELECT ${articleColumnsSql}, a.deleted_at FROM articles a WHERE a.id = ${id}::uuid`))
}

export interface References {
  sectionId?: string | null | undefined
  leadImageId?: string | null | undefined
  authors?: BylineInput[] | undefined
  tagIds?: string[] | undefined
  related?: RelatedLinkInput[] | undefined
}

/** Checks every referenced id in one statement; each missing one becomes a problem at its path. */
export async function checkReferences(tx: Tx, refs: References, selfId?: string): Promise<FieldProblem[]> {
  const authorIds = refs.authors?.map((a) => a.authorId) ?? []
  const tagIds = refs.tagIds ?? []
  const articleIds = (refs.related ?? []).flatMap((r) => ('articleId' in r ? [r.articleId] : []))
  const sectionIds = refs.sectionId ? [refs.sectionId] : []
  const mediaIds = refs.leadImageId ? [refs.leadImageId] : []
  // Most edits name no reference at all (a headline, a dek): nothing to ask the database.
  if (authorIds.length + tagIds.length + articleIds.length + sectionIds.length + mediaIds.length === 0) return []
  const exists = (table: string, ids: string[]) =>
    sql`(SELECT coalesce(array_to_json(array_agg(id)), '[]') FROM ${sql.raw(table)} WHERE id = ANY(${uuidArray(ids)}) AND deleted_at IS NULL)`
  const result = await tx.execute(sql`SELECT
    ${exists('sections', sectionIds)} AS sections, ${exists('media_assets', mediaIds)} AS media,
    ${exists('authors', authorIds)} AS authors, ${exists('tags', tagIds)} AS tags, ${exists('articles', articleIds)} AS articles`)
  const row = resultRows(result)[0] ?? {}
  const found = (key: string): Set<string> => {
    const value = row[key]
    return new Set<string>(typeof value === 'string' ? (JSON.parse(value) as string[]) : (value as string[]))
  }
  const [sections, media, authors, tags, articles] = [found('sections'), found('media'), found('authors'), found('tags'), found('articles')]
  const problems: FieldProblem[] = []
  if (refs.sectionId && !sections?.has(refs.sectionId)) problems.push({ path: ['input', 'sectionId'], message: 'is not a section (or it is in the trash)' })
  if (refs.leadImageId && !media?.has(refs.leadImageId)) problems.push({ path: ['input', 'leadImageId'], message: 'is not a media asset (or it is in the trash)' })
  refs.authors?.forEach((a, i) => {
    if (!authors?.has(a.authorId)) problems.push({ path: ['input', 'authors', i, 'authorId'], message: 'is not an author (or in the trash)' })
  })
  tagIds.forEach((id, i) => {
    if (!tags?.has(id)) problems.push({ path: ['input', 'tagIds', i], message: 'is not a tag (or in the trash)' })
  })
  refs.related?.forEach((r, i) => {
    if (!('articleId' in r)) return
    if (r.articleId === selfId) problems.push({ path: ['input', 'related', i, 'articleId'], message: 'cannot be the article itself' })
    else if (!articles?.has(r.articleId)) problems.push({ path: ['input', 'related', i, 'articleId'], message: 'is not an article (or in the trash)' })
  })
  return problems
}

/** Refuses the write (BAD_USER_INPUT) when any referenced id is missing or in the trash. */
export async function requireReferences(tx: Tx, refs: References, selfId?: string): Promise<void> {
  const problems = await checkReferences(tx, refs, selfId)
  if (problems.length > 0) throw new BadUserInputError(problems)
}

/** Replaces the relations given (undefined leaves a relation as it is). */
export async function replaceRelations(tx: Tx, articleId: string, refs: Pick<References, 'authors' | 'tagIds' | 'related'>): Promise<void> {
  if (refs.authors) {
    await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId))
    if (refs.authors.length > 0) {
      await tx.insert(articleAuthors).values(refs.authors.map((a, position) => ({ articleId, authorId: a.authorId, role: a.role, position })))
    }
  }
  if (refs.tagIds) {
    await tx.delete(articleTags).where(eq(articleTags.articleId, articleId))
    if (refs.tagIds.length > 0) await tx.insert(articleTags).values(refs.tagIds.map((tagId, position) => ({ articleId, tagId, position })))
  }
  if (refs.related) {
    await tx.delete(relatedLinks).where(eq(relatedLinks.articleId, articleId))
    if (refs.related.length > 0) {
      await tx.insert(relatedLinks).values(
        refs.related.map((r, position) => ({
          articleId,
          position,
          targetArticleId: 'articleId' in r ? r.articleId : null,
          url: 'url' in r ? r.url : null,
          headline: r.headline ?? null,
          teaser: r.teaser ?? null,
        })),
      )
    }
  }
}

/** The article with its relations, as stored in a revision. */
export interface ArticleSnapshot extends ArticleColumnsSnapshot, ArticleRelations {}

interface ArticleColumnsSnapshot {
  slug: string
  headline: string
  seoTitle: string | null
  seoDescription: string | null
  dek: string | null
  label: string | null
  sectionId: string | null
  body: ArticleRow['body']
  teaser: string | null
  leadImageId: string | null
  leadImageCaption: string | null
  status: ArticleRow['status']
  publishAt: string | null
  unpublishAt: string | null
  deleted: boolean
}

export interface ArticleRelations {
  authors: BylineInput[]
  tagIds: string[]
  related: RelatedLinkInput[]
}

/**
 * The article's relations as a revision stores them (jsonb: authors, tagIds, related), each in
 * its stored order, as of the statement that evaluates it: one definition, for revisions and for
 * the writes that edit a relation.
 */
function relationsJsonSql(articleId: string): SQL {
  const id = sql`${articleId}::uuid`
  return sql`jsonb_build_object(
    'authors', coalesce((SELECT jsonb_agg(jsonb_build_object('authorId', author_id, 'role', role) ORDER BY position) FROM article_authors WHERE article_id = ${id}), '[]'),
    'tagIds', coalesce((SELECT jsonb_agg(tag_id ORDER BY position) FROM article_tags WHERE article_id = ${id}), '[]'),
    'related', coalesce((SELECT jsonb_agg(CASE WHEN target_article_id IS NOT NULL
        THEN jsonb_build_object('articleId', target_article_id, 'headline', headline, 'teaser', teaser)
        ELSE jsonb_build_object('url', coalesce(url, ''), 'headline', coalesce(headline, ''), 'teaser', teaser) END ORDER BY position)
      FROM related_links WHERE article_id = ${id}), '[]'))`
}

/** The article's relations now (within the write's transaction). */
export async function relationsOf(tx: Tx, articleId: string): Promise<ArticleRelations> {
  const row = resultRows(await tx.execute(sql`SELECT ${relationsJsonSql(articleId)} AS relations`))[0] ?? {}
  return parseJsonValue(row.relations) as ArticleRelations
}

function columnsSnapshot(article: LockedArticle): ArticleColumnsSnapshot {
  return {
    slug: article.slug,
    headline: article.headline,
    seoTitle: article.seoTitle,
    seoDescription: article.seoDescription,
    dek: article.dek,
    label: article.label,
    sectionId: article.sectionId,
    body: article.body,
    teaser: article.teaser,
    leadImageId: article.leadImageId,
    leadImageCaption: article.leadImageCaption,
    status: article.status,
    publishAt: article.publishAt?.toISOString() ?? null,
    unpublishAt: article.unpublishAt?.toISOString() ?? null,
    deleted: article.deletedAt !== null,
  }
}

/**
 * The insert that stores the article's state after a write as revision number = its new version,
 * as SQL, unexecuted: the caller sends it with the write's audit entry (recordChange's
 * `alongside`). The columns come from the row the write returned; the relations are read by the
 * insert itself, after the write's own relation changes, so a save needs no statement for them.
 */
export function revisionInsert(tx: Tx, article: LockedArticle, actor: AuditActor, message: string | null | undefined): SQL {
  return tx.insert(articleRevisions).values({
    articleId: article.id,
    number: article.version,
    snapshot: sql`${JSON.stringify(columnsSnapshot(article))}::jsonb || ${relationsJsonSql(article.id)}`,
    actorId: actor.actorId,
    actorName: actor.actorName,
    message: message ?? null,
  }).getSQL()
}

/** Slugs starting with `base` that are taken, by articles or by redirects of other articles. */
export async function takenSlugs(tx: Tx, base: string, selfId?: string): Promise<Set<string>> {
  const pattern = `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const result = await tx.execute(sql`
    SELECT slug FROM articles WHERE slug LIKE ${pattern} AND id IS DISTINCT FROM ${selfId ?? null}::uuid
    UNION SELECT from_slug FROM slug_redirects WHERE from_slug LIKE ${pattern} AND article_id IS DISTINCT FROM ${selfId ?? null}::uuid`)
  return new Set(resultRows(result).map((row) => row.slug as string))
}

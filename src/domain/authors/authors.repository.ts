import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { articleAuthors } from '../../db/tables/article-authors.js'
import { authors } from '../../db/tables/authors.js'
import { jsonObjectSql, parseJsonValue, rowFromJson } from '../entities/json-row.js'

export type AuthorRow = Omit<typeof authors.$inferSelect, 'deletedAt' | 'createdAt'>

const authorColumns = {
  id: authors.id,
  slug: authors.slug,
  name: authors.name,
  roleTitle: authors.roleTitle,
  bio: authors.bio,
  photoId: authors.photoId,
  socialLinks: authors.socialLinks,
  version: authors.version,
  updatedAt: authors.updatedAt,
}

export interface BylineRow {
  articleId: string
  role: string
  author: AuthorRow
}

export async function findAuthorBySlug(exec: Executor, slug: string): Promise<AuthorRow | undefined> {
  const [row] = await exec.select(authorColumns).from(authors).where(and(eq(authors.slug, slug), isNull(authors.deletedAt)))
  return row
}

export async function findAuthorById(exec: Executor, id: string): Promise<AuthorRow | undefined> {
  const [row] = await exec.select(authorColumns).from(authors).where(and(eq(authors.id, id), isNull(authors.deletedAt)))
  return row
}

/** Bylines of many articles in one statement, in byline order. */
export async function findBylines(exec: Executor, articleIds: readonly string[]): Promise<BylineRow[]> {
  if (articleIds.length === 0) return []
  const rows = await exec
    .select({ articleId: articleAuthors.articleId, role: articleAuthors.role, author: authorColumns })
    .from(articleAuthors)
    .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
    .where(and(inArray(articleAuthors.articleId, [...articleIds]), isNull(authors.deletedAt)))
    .orderBy(asc(articleAuthors.articleId), asc(articleAuthors.position))
  return rows
}

/**
 * The bylines `findBylines` reads for one article, as one JSON array, for a statement that reads
 * the article to carry along; `articleId` is that statement's expression for the article's id.
 */
export function bylinesJsonSql(articleId: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(json_build_object('role', aa.role, 'author', ${sql.raw(jsonObjectSql(authorColumns, 'au'))}) ORDER BY aa.position), '[]')
    FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ${articleId} AND au.deleted_at IS NULL)`
}

export function bylinesFromJson(articleId: string, value: unknown): BylineRow[] {
  return (parseJsonValue(value) as { role: string; author: Record<string, unknown> }[]).map((raw) => ({
    articleId,
    role: raw.role,
    author: rowFromJson(authorColumns, raw.author) as AuthorRow,
  }))
}

import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { articleAuthors } from '../../db/tables/article-authors.js'
import { authors } from '../../db/tables/authors.js'

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

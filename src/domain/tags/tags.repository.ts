import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import { articleTags } from '../../db/tables/article-tags.js'
import { tags } from '../../db/tables/tags.js'
import { jsonObjectSql, parseJsonValue, rowFromJson } from '../entities/json-row.js'

export interface TagRow {
  id: string
  version: number
  slug: string
  name: string
  description: string | null
}

const tagColumns = { id: tags.id, version: tags.version, slug: tags.slug, name: tags.name, description: tags.description }

export async function findTagBySlug(exec: Executor, slug: string): Promise<TagRow | undefined> {
  const [row] = await exec.select(tagColumns).from(tags).where(and(eq(tags.slug, slug), isNull(tags.deletedAt)))
  return row
}

export async function findTagById(exec: Executor, id: string): Promise<TagRow | undefined> {
  const [row] = await exec.select(tagColumns).from(tags).where(and(eq(tags.id, id), isNull(tags.deletedAt)))
  return row
}

/** Tags of many articles in one statement. */
export async function findArticleTags(exec: Executor, articleIds: readonly string[]): Promise<(TagRow & { articleId: string })[]> {
  if (articleIds.length === 0) return []
  return exec
    .select({ ...tagColumns, articleId: articleTags.articleId })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(and(inArray(articleTags.articleId, [...articleIds]), isNull(tags.deletedAt)))
    .orderBy(asc(articleTags.articleId), asc(articleTags.position), asc(tags.name))
}

/** The tags `findArticleTags` reads for one article, as one JSON array (see `bylinesJsonSql`). */
export function tagsJsonSql(articleId: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(${sql.raw(jsonObjectSql(tagColumns, 't'))} ORDER BY atg.position, t.name), '[]')
    FROM article_tags atg JOIN tags t ON t.id = atg.tag_id WHERE atg.article_id = ${articleId} AND t.deleted_at IS NULL)`
}

export function tagsFromJson(articleId: string, value: unknown): (TagRow & { articleId: string })[] {
  return (parseJsonValue(value) as Record<string, unknown>[]).map((raw) => ({ ...(rowFromJson(tagColumns, raw) as unknown as TagRow), articleId }))
}

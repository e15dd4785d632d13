import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import type { ArticleListing } from '../../webhooks/event-keys.js'
import { parseJsonValue } from '../entities/json-row.js'
import { resultRows } from './articles.repository.js'

// json_agg over no rows is null.
const idsOf = (value: unknown): string[] => (parseJsonValue(value) as string[] | null) ?? []

/**
 * Every list an article appears in, in one statement: its section and the sections above it
 * (their article lists include subsections), its authors and its tags. Read inside the write's
 * transaction, before and after the change, to say which cached lists the change makes stale.
 */
export async function findArticleListing(exec: Executor, articleId: string): Promise<ArticleListing> {
  const result = await exec.execute(sql`
    WITH RECURSIVE up AS (
      SELECT s.id, s.parent_id, 0 AS depth FROM sections s JOIN articles a ON a.section_id = s.id WHERE a.id = ${articleId}::uuid
      UNION ALL SELECT s.id, s.parent_id, up.depth + 1 FROM sections s JOIN up ON s.id = up.parent_id WHERE up.depth < 100
    )
    SELECT
      (SELECT json_agg(id ORDER BY depth) FROM up) AS section_ids,
      (SELECT json_agg(author_id ORDER BY position) FROM article_authors WHERE article_id = ${articleId}::uuid) AS author_ids,
      (SELECT json_agg(tag_id ORDER BY position) FROM article_tags WHERE article_id = ${articleId}::uuid) AS tag_ids`)
  const row = resultRows(result)[0] ?? {}
  return { sectionIds: idsOf(row.section_ids), authorIds: idsOf(row.author_ids), tagIds: idsOf(row.tag_ids) }
}

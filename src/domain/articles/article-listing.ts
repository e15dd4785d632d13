import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import type { ArticleListing } from '../../webhooks/event-keys.js'
import { parseJsonValue } from '../entities/json-row.js'
import { resultRows } from './articles.repository.js'

// json_agg over no rows is null.
const idsOf = (value: unknown): string[] => (parseJsonValue(value) as string[] | null) ?? []

/**
 * Every list the article `a` appears in, as three columns: its section and the sections above it
 * (their article lists include subsections), its authors and its tags. Read inside the write's
 * transaction, before and after the change, to say which cached lists the change makes stale.
 */
export const listingColumnsSql = sql.raw(`
  (WITH RECURSIVE up AS (
    SELECT s.id, s.parent_id, 0 AS depth FROM sections s WHERE s.id = a.section_id
    UNION ALL SELECT s.id, s.parent_id, up.depth + 1 FROM sections s JOIN up ON s.id = up.parent_id WHERE up.depth < 100
  ) SELECT json_agg(id ORDER BY depth) FROM up) AS listing_section_ids,
  (SELECT json_agg(author_id ORDER BY position) FROM article_authors WHERE article_id = a.id) AS listing_author_ids,
  (SELECT json_agg(tag_id ORDER BY position) FROM article_tags WHERE article_id = a.id) AS listing_tag_ids`)

/** The listing from a row that selected `listingColumnsSql`. */
export function mapListing(raw: Record<string, unknown>): ArticleListing {
  return { sectionIds: idsOf(raw.listing_section_ids), authorIds: idsOf(raw.listing_author_ids), tagIds: idsOf(raw.listing_tag_ids) }
}

/** The lists an article is in, in one statement (none for an id that is not there). */
export async function findArticleListing(exec: Executor, articleId: string): Promise<ArticleListing> {
  const result = await exec.execute(sql`SELECT ${listingColumnsSql} FROM articles a WHERE a.id = ${articleId}::uuid`)
  return mapListing(resultRows(result)[0] ?? {})
}

import { sql } from 'drizzle-orm'
import type { Executor } from '../db/database.js'
import { resultRows } from '../domain/articles/articles.repository.js'

/** Empty means nobody has put content or settings in it yet. */
export async function isDatabaseEmpty(exec: Executor): Promise<boolean> {
  const result = await exec.execute(sql`
    SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM site_settings) AND NOT EXISTS (SELECT 1 FROM sections) AS empty`)
  return resultRows(result)[0]?.empty === true
}

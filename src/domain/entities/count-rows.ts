import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../db/database.js'
import { resultRows } from '../articles/articles.repository.js'

export async function countRows(tx: Tx, table: string, where: SQL): Promise<number> {
  const result = await tx.execute(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`)
  return Number(resultRows(result)[0]?.n ?? 0)
}

/** "3 articles", "1 subsection". */
export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`

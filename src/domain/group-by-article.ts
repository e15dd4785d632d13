/** Groups rows fetched for many articles by article id; every requested id gets a list. */
export function groupByArticle<Row extends { articleId: string }>(articleIds: readonly string[], rows: Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>(articleIds.map((id) => [id, []]))
  for (const row of rows) grouped.get(row.articleId)?.push(row)
  return grouped
}

/**
 * Rows of many articles grouped by article, reading only the articles whose rows an earlier
 * statement of the request did not already read along (`known`).
 */
export async function groupWithReadAlong<Row extends { articleId: string }>(
  known: ReadonlyMap<string, Row[]>,
  articleIds: readonly string[],
  read: (articleIds: readonly string[]) => Promise<Row[]>,
): Promise<Map<string, Row[]>> {
  const missing = articleIds.filter((id) => !known.has(id))
  const grouped = groupByArticle(missing, missing.length > 0 ? await read(missing) : [])
  for (const id of articleIds) {
    const rows = known.get(id)
    if (rows) grouped.set(id, rows)
  }
  return grouped
}

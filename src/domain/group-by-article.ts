/** Groups rows fetched for many articles by article id; every requested id gets a list. */
export function groupByArticle<Row extends { articleId: string }>(articleIds: readonly string[], rows: Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>(articleIds.map((id) => [id, []]))
  for (const row of rows) grouped.get(row.articleId)?.push(row)
  return grouped
}

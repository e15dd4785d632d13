import { encodeCursor } from './cursor.js'

export interface PageInfo {
  hasNextPage: boolean
  hasPreviousPage: boolean
  startCursor: string | null
  endCursor: string | null
}

export interface Edge<T> {
  cursor: string
  node: T
}

export interface Page<T> {
  edges: Edge<T>[]
  pageInfo: PageInfo
}

/**
 * Builds a Relay page from rows fetched with limit first + 1: the extra row only says there is a
 * next page. hasPreviousPage is true whenever the page starts after a cursor.
 */
export function toPage<T extends { id: string }>(
  rows: T[],
  first: number,
  afterGiven: boolean,
  order: string,
  sortValue: (row: T) => string | number,
): Page<T> {
  const pageRows = rows.slice(0, first)
  const edges = pageRows.map((node) => ({ node, cursor: encodeCursor({ order, value: sortValue(node), id: node.id }) }))
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  }
}

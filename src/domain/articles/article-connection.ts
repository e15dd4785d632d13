import type { SQL } from 'drizzle-orm'
import type { Page } from '../pagination/connection.js'
import type { ArticleRow } from './article-row.js'

export type OwnerKind = 'section' | 'author' | 'tag'

/** What to count when a client asks for totalCount; counted only then. */
export type CountRequest = { kind: 'filter'; conditions: SQL[] } | { kind: 'owner'; owner: OwnerKind; ownerId: string }

export interface ArticleConnection extends Page<ArticleRow> {
  count: CountRequest
}

import type { SQL } from 'drizzle-orm'
import type { Page } from '../pagination/connection.js'
import type { ArticleRow } from './article-row.js'
import type { OwnerJoin } from './articles.repository.js'

export type OwnerKind = 'section' | 'author' | 'tag'

/** What to count when a client asks for totalCount; counted only then. */
export type CountRequest =
  /** A filtered list's total; `owner` is the tag or author it reads through, if it filters by one. */
  | { kind: 'filter'; owner: OwnerJoin | undefined; conditions: SQL[] }
  | { kind: 'owner'; owner: OwnerKind; ownerId: string }

export interface ArticleConnection extends Page<ArticleRow> {
  count: CountRequest
}

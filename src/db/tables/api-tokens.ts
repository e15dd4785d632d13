import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { instant } from './columns.js'

export const roles = ['admin', 'editor', 'contributor', 'preview'] as const
export type Role = (typeof roles)[number]

/**
 * Opaque API tokens. Only a SHA-256 digest is stored: tokens are 256 random bits, so a fast
 * hash is enough, and a leaked table gives nobody a usable token. The prefix lets people tell
 * tokens apart in lists without revealing them.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role', { enum: roles }).notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    index('api_tokens_created_at_idx').on(t.createdAt),
    check('api_tokens_role_valid', sql`${t.role} IN ('admin', 'editor', 'contributor', 'preview')`),
  ],
)

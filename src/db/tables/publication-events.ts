import { sql } from 'drizzle-orm'
import { bigserial, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { articles } from './articles.js'
import { instant } from './columns.js'

/**
 * Append-only log of every publish and unpublish: which revision, effective when, by whom.
 * With the revisions it lets the published state of any page at any past instant be rebuilt.
 */
export const publicationEvents = pgTable(
  'publication_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: uuid('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    action: text('action', { enum: ['publish', 'unpublish'] }).notNull(),
    effectiveAt: instant('effective_at').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [
    index('publication_events_article_idx').on(t.articleId, t.effectiveAt),
    check('publication_events_action_valid', sql`${t.action} IN ('publish', 'unpublish')`),
  ],
)

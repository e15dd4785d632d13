import { BadUserInputError, type FieldProblem } from '../errors.js'

/** Constraint names (from the migrations) → the input field an editor should fix. */
const fieldByConstraint: Record<string, FieldProblem> = {
  articles_slug_key: { path: ['input', 'slug'], message: 'is already used by another article' },
  sections_slug_key: { path: ['input', 'slug'], message: 'is already used by another section' },
  authors_slug_key: { path: ['input', 'slug'], message: 'is already used by another author' },
  tags_slug_key: { path: ['input', 'slug'], message: 'is already used by another tag' },
  articles_window_ordered: { path: ['at'], message: 'must be before the end of the publication window' },
  articles_section_id_sections_id_fk: { path: ['input', 'sectionId'], message: 'is not a section' },
  articles_lead_image_id_media_assets_id_fk: { path: ['input', 'leadImageId'], message: 'is not a media asset' },
  sections_parent_id_sections_id_fk: { path: ['input', 'parentId'], message: 'is not a section' },
  sections_not_own_parent: { path: ['input', 'parentId'], message: 'cannot be the section itself' },
  authors_photo_id_media_assets_id_fk: { path: ['input', 'photoId'], message: 'is not a media asset' },
  promo_blocks_section_id_sections_id_fk: { path: ['input', 'sectionId'], message: 'is not a section' },
  promo_blocks_window_ordered: { path: ['input', 'endsAt'], message: 'must be later than startsAt' },
  article_authors_author_id_authors_id_fk: { path: ['input', 'authors'], message: 'names an author that does not exist' },
  article_tags_tag_id_tags_id_fk: { path: ['input', 'tagIds'], message: 'names a tag that does not exist' },
  related_links_target_article_id_articles_id_fk: { path: ['input', 'related'], message: 'names an article that does not exist' },
}

interface PgError {
  code?: string
  constraint?: string
  cause?: unknown
}

/**
 * Turns a unique, foreign-key or check violation into BAD_USER_INPUT naming the field; other
 * errors pass through. Pre-checks give nicer messages; this catches the races they cannot.
 */
export function toInputError(error: unknown): unknown {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current; depth++) {
    const pg = current as PgError
    if (pg.code && ['23505', '23503', '23514'].includes(pg.code) && pg.constraint) {
      const field = fieldByConstraint[pg.constraint]
      return new BadUserInputError([field ?? { path: ['input'], message: `conflicts with existing data (${pg.constraint})` }])
    }
    current = pg.cause // Drizzle wraps driver errors
  }
  return error
}

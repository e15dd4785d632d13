import { sql, type SQL } from 'drizzle-orm'
import { surrogateKeys } from '../../../http-cache/surrogate-keys.js'
import { col, column, columnNamed, entityProjection, inline, many, type FieldContext, type TypeProjection } from '../projection.js'
import { mediaById } from './media-projections.js'

/** Profile links stored as a jsonb array (authors, site settings), in stored order. */
export function socialLinks(context: FieldContext, links: SQL) {
  return many(context, 'SocialLink', {
    prefix: 'l',
    rows: sql`(SELECT x.value AS link, x.ordinality AS o FROM jsonb_array_elements(coalesce(${links}, '[]'::jsonb)) WITH ORDINALITY AS x(value, ordinality))`,
  })
}

const linkField = (name: string) => column((row) => sql`${col(row, 'link')} ->> ${sql.raw(`'${name}'`)}`)

export const socialLinkProjection: TypeProjection = {
  fields: { network: linkField('network'), url: linkField('url'), handle: linkField('handle') },
}

export const authorProjection: TypeProjection = entityProjection(surrogateKeys.author, {
  slug: columnNamed('slug'),
  name: columnNamed('name'),
  roleTitle: columnNamed('role_title'),
  bio: columnNamed('bio'),
  photo: (context) => mediaById(context, 'photo_id'),
  socialLinks: (context) => socialLinks(context, col(context.row, 'social_links')),
})

/** A byline row carries the author's columns and `byline_role` (see articleProjection.bylines). */
export const bylineProjection: TypeProjection = {
  fields: {
    role: columnNamed('byline_role'),
    author: (context) => inline(context, 'Author'),
  },
}

export const tagProjection: TypeProjection = entityProjection(surrogateKeys.tag, {
  slug: columnNamed('slug'),
  name: columnNamed('name'),
  description: columnNamed('description'),
})

import { surrogateKeys } from '../../../http-cache/surrogate-keys.js'
import { col, column, columnNamed, entityProjection, inline, type TypeProjection } from '../projection.js'
import { enumName, isoInstant } from '../sql-values.js'
import { sectionById } from './section-projections.js'

export const promoProjection: TypeProjection = entityProjection(surrogateKeys.promo, {
  kind: column((row) => enumName(col(row, 'kind'))),
  placement: column((row) => enumName(col(row, 'placement'))),
  title: columnNamed('title'),
  body: (context) =>
    inline(context, 'RichText', context.row, {
      html: col(context.row, 'body_html'),
      text: col(context.row, 'body_text'),
      words: col(context.row, 'word_count'),
      json: col(context.row, 'body'),
    }),
  linkUrl: columnNamed('link_url'),
  linkLabel: columnNamed('link_label'),
  startsAt: column((row) => isoInstant(col(row, 'starts_at'))),
  endsAt: column((row) => isoInstant(col(row, 'ends_at'))),
  section: (context) => sectionById(context, 'section_id'),
})

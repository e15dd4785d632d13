import type { IResolvers } from 'mercurius'
import { creditLine, licenceValidAt } from '../../domain/media/credit-line.js'
import type { PromoRow } from '../../domain/promos/promos.repository.js'
import { countWords, readingMinutes, renderText } from '../../domain/rich-text/index.js'
import type { SearchResultPage } from '../../domain/search/search.service.js'
import type { SectionRow } from '../../domain/sections/section-tree.js'
import type { SiteRow } from '../../domain/site/site.repository.js'
import { toEnumName } from '../views/enum-names.js'
import type { ImageView } from '../views/image-view.js'
import type { RichTextView } from '../views/rich-text-view.js'

/** Field mappings of the smaller types: renames, enum spellings, derived values. */
export const contentResolvers: IResolvers = {
  RichText: {
    json: (text: RichTextView) => text.blocks,
    wordCount: (text: RichTextView) => countWords(text.text),
    readingMinutes: (text: RichTextView) => readingMinutes(countWords(text.text)),
  },
  Section: {
    kind: (section: SectionRow) => toEnumName(section.kind),
  },
  Image: {
    caption: (image: ImageView) => image.captionOverride ?? image.caption,
    credit: (image: ImageView) => ({
      creator: image.creditCreator,
      provider: image.creditProvider,
      line: creditLine(image),
      licence: image.licenceName
        ? { name: image.licenceName, url: image.licenceUrl, expiresAt: image.licenceExpiresAt, valid: licenceValidAt(image, image.at) }
        : null,
    }),
  },
  Promo: {
    kind: (promo: PromoRow) => toEnumName(promo.kind),
    placement: (promo: PromoRow) => toEnumName(promo.placement),
    body: (promo: PromoRow): RichTextView => ({ blocks: promo.body, text: renderText(promo.body) }),
  },
  Site: {
    newsletter: (site: SiteRow) =>
      site.newsletterText ? { title: site.newsletterTitle, text: site.newsletterText, url: site.newsletterUrl } : null,
  },
  SearchConnection: {
    totalCount: (page: SearchResultPage) => page.totalCount(),
  },
}

import type { ProjectionRegistry } from './projection.js'
import { articlePageProjection } from './types/article-page-projection.js'
import { articleProjection } from './types/article-projection.js'
import { creditProjection, imageProjection, licenceProjection } from './types/media-projections.js'
import { authorProjection, bylineProjection, socialLinkProjection, tagProjection } from './types/people-projections.js'
import { promoProjection } from './types/promo-projection.js'
import { queryProjection } from './types/query-projection.js'
import { relatedLinkProjection } from './types/related-rail.js'
import { richTextProjection } from './types/rich-text-projection.js'
import { sectionProjection } from './types/section-projections.js'
import { newsletterProjection, siteProjection } from './types/site-projections.js'

/** Every type the compiled read path can build, by GraphQL type name. A field missing here sends its document to the resolvers. */
export const projections: ProjectionRegistry = {
  Query: queryProjection,
  ArticlePage: articlePageProjection,
  Article: articleProjection,
  RichText: richTextProjection,
  Section: sectionProjection,
  Image: imageProjection,
  Credit: creditProjection,
  Licence: licenceProjection,
  Author: authorProjection,
  Byline: bylineProjection,
  SocialLink: socialLinkProjection,
  Tag: tagProjection,
  Promo: promoProjection,
  RelatedLink: relatedLinkProjection,
  Site: siteProjection,
  Newsletter: newsletterProjection,
}

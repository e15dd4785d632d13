import { sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { orderBySql } from '../../../domain/articles/article-order.js'
import { articleLiveAt } from '../../../domain/articles/article-visibility.js'
import { latestArgsSchema } from '../../../domain/articles/articles.schemas.js'
import { promoPlacements } from '../../../db/tables/promo-blocks.js'
import { promoOpenAt, promoOrderSql } from '../../../domain/promos/promos.repository.js'
import { fromEnumName } from '../../views/enum-names.js'
import { argumentParam, mayBeGiven } from '../arguments.js'
import { AT } from '../plan-builder.js'
import { col, inline, leaf, many, type FieldContext, type Projection, type TypeProjection } from '../projection.js'
import { isoInstant } from '../sql-values.js'
import { railArticles, railLinks } from './related-rail.js'
import { sectionAncestorsSql, sectionSubtreeIdsSql } from './section-projections.js'
import { siteSettings } from './site-projections.js'

const NEWEST_FIRST = orderBySql('PUBLISHED_AT_DESC')

/**
 * The newest live articles (latestArticles): site-wide, or in the `section` argument's subtree
 * (none when no live section has that slug), without `excludeId` when given.
 */
export function latestList(context: FieldContext, excludeId?: SQL): Projection {
  const first = argumentParam(context, latestArgsSchema, 'int', (args) => args.first)
  const conditions = [articleLiveAt(AT)]
  if (mayBeGiven(context, 'section')) {
    const section = argumentParam(context, latestArgsSchema, 'text', (args) => args.section ?? null)
    conditions.push(sql`(${section} IS NULL OR a.section_id IN (${sectionSubtreeIdsSql(section)}))`)
  }
  if (excludeId) conditions.push(sql`a.id <> ${excludeId}`)
  return many(context, 'Article', {
    prefix: 'la',
    rows: sql`(SELECT a.*, row_number() OVER (ORDER BY ${NEWEST_FIRST}) AS o FROM articles a
      WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${NEWEST_FIRST} LIMIT ${first})`,
  })
}

const promoArgs = z.object({ placement: z.string().nullish() })
const placementNames = new Set<string>(promoPlacements)

/** Promos open at the instant for the page's section and the sections above it, or site-wide (openPromosForSection). */
function pagePromos(context: FieldContext): Projection {
  const conditions = [sql`p.deleted_at IS NULL`, promoOpenAt(AT), sql`(p.section_id IS NULL OR p.section_id IN (SELECT up.id FROM (${sectionAncestorsSql(col(context.row, 'section_id'))}) up))`]
  if (mayBeGiven(context, 'placement')) {
    const placement = argumentParam(context, promoArgs, 'text', (args) => {
      const name = args.placement ? fromEnumName(args.placement) : null
      return name !== null && placementNames.has(name) ? name : null
    })
    conditions.push(sql`(${placement} IS NULL OR p.placement = ${placement})`)
  }
  return many(context, 'Promo', {
    prefix: 'p',
    rows: sql`(SELECT p.*, row_number() OVER (ORDER BY ${promoOrderSql}) AS o FROM promo_blocks p WHERE ${sql.join(conditions, sql` AND `)})`,
  })
}

/**
 * ArticlePage on the row of its article (as found by slug, with `redirected_from`), as
 * article-page-resolvers.ts composes it at the request's instant.
 */
export const articlePageProjection: TypeProjection = {
  fields: {
    at: () => leaf(isoInstant(AT)),
    article: (context) => inline(context, 'Article', context.row, { redirectedFrom: col(context.row, 'redirected_from') }),
    related: railArticles,
    relatedLinks: railLinks,
    latest: (context) => latestList(context, col(context.row, 'id')),
    promos: pagePromos,
    site: siteSettings,
  },
}

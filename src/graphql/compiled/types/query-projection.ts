import { sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { articleLiveAt } from '../../../domain/articles/article-visibility.js'
import { bySlugSql } from '../../../domain/articles/articles.repository.js'
import { slugSchema } from '../../../domain/articles/articles.schemas.js'
import { argumentParam, argumentsOf } from '../arguments.js'
import { AT, NotBindable, Unsupported } from '../plan-builder.js'
import { col, one, type FieldContext, type Projection, type TypeProjection } from '../projection.js'
import { latestList } from './article-page-projection.js'
import { siteSettings } from './site-projections.js'

const ARTICLE_ROW = { columns: sql`a.*`, join: sql`` }

// What the public may ask of these roots on the compiled path: no preview, no other instant.
const articleLookupArgs = z.object({ slug: slugSchema.nullish(), id: z.uuid().nullish(), preview: z.literal(false) })
const pageArgs = z.object({ slug: slugSchema, at: z.null().optional(), preview: z.literal(false) })

/** The live article found by slug (or former slug), with `redirected_from`, as a one-row subquery. */
function bySlug(slug: SQL): (alias: string) => SQL {
  return (alias) => sql`(${bySlugSql(slug, articleLiveAt(AT), ARTICLE_ROW)}) ${sql.raw(alias)}`
}

/** `article(slug:)` or `article(id:)`: the compiled statement is for whichever the document gives. */
function article(context: FieldContext): Projection {
  const given = new Set(context.field.nodes[0]?.arguments?.map((argument) => argument.name.value))
  const check = (variables: Readonly<Record<string, unknown>>, key: 'slug' | 'id') => {
    const args = argumentsOf(context, articleLookupArgs, variables)
    // Exactly one key, the one this plan was made for (the resolvers answer the other cases).
    if (!args[key] || args[key === 'slug' ? 'id' : 'slug']) throw new NotBindable('article lookup key')
    return args[key]
  }
  if (given.has('slug') === given.has('id')) throw new Unsupported('article lookup without exactly one key')
  if (given.has('slug')) {
    const slug = context.env.plan.param((variables) => check(variables, 'slug'), 'text')
    return one(context, 'Article', { prefix: 'a', from: bySlug(slug), where: () => sql`true`, given: (alias) => ({ redirectedFrom: col(alias, 'redirected_from') }) })
  }
  const id = context.env.plan.param((variables) => check(variables, 'id'), 'uuid')
  return one(context, 'Article', {
    prefix: 'a',
    from: (alias) => sql`articles ${sql.raw(alias)}`,
    where: (alias) => sql`${sql.raw(alias)}.id = ${id} AND ${articleLiveAt(AT, alias)}`,
  })
}

/** `articlePage(slug:)`: the resolvers answer NOT_FOUND, so a page that is not found is theirs too. */
function articlePage(context: FieldContext): Projection {
  const slug = argumentParam(context, pageArgs, 'text', (args) => args.slug)
  const page = one(context, 'ArticlePage', { prefix: 'pa', from: bySlug(slug), where: () => sql`true` })
  return { ...page, ok: [...page.ok, sql`${page.json} IS NOT NULL`] }
}

/** The root fields the compiled path answers. */
export const queryProjection: TypeProjection = {
  fields: {
    article,
    articlePage,
    latest: (context) => latestList(context),
    site: siteSettings,
  },
}

import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql'
import type { MercuriusContext } from 'mercurius'
import { surrogateKeys } from '../http-cache/surrogate-keys.js'

/** Object types that are entities, and the key each instance adds to the response. */
const entityKeys: Record<string, (value: { id?: unknown }) => string | undefined> = {
  Article: (value) => idKey(value, surrogateKeys.article),
  Section: (value) => idKey(value, surrogateKeys.section),
  Author: (value) => idKey(value, surrogateKeys.author),
  Tag: (value) => idKey(value, surrogateKeys.tag),
  Image: (value) => idKey(value, surrogateKeys.media),
  Promo: (value) => idKey(value, surrogateKeys.promo),
  Site: () => surrogateKeys.site,
}

/** Fields that return a list whose membership a change elsewhere can alter. */
export const listKeys: Record<string, (parent: { id?: unknown }) => string[]> = {
  'Query.articles': () => [surrogateKeys.articles],
  'Query.search': () => [surrogateKeys.articles],
  'Query.latest': () => [surrogateKeys.articles, surrogateKeys.latest],
  'Query.sections': () => [surrogateKeys.sections],
  'Query.promos': () => [surrogateKeys.promos],
  'ArticlePage.related': () => [surrogateKeys.articles],
  'ArticlePage.relatedLinks': () => [surrogateKeys.articles],
  'ArticlePage.latest': () => [surrogateKeys.articles, surrogateKeys.latest],
  'ArticlePage.promos': () => [surrogateKeys.promos],
  'Section.articles': (parent) => idKeys(parent, surrogateKeys.sectionArticles),
  'Section.children': () => [surrogateKeys.sections],
  'Author.articles': (parent) => idKeys(parent, surrogateKeys.authorArticles),
  'Tag.articles': (parent) => idKeys(parent, surrogateKeys.tagArticles),
}

function idKey(value: { id?: unknown }, key: (id: string) => string): string | undefined {
  return typeof value.id === 'string' ? key(value.id) : undefined
}

function idKeys(value: { id?: unknown }, key: (id: string) => string): string[] {
  const one = idKey(value, key)
  return one ? [one] : []
}

/**
 * Wraps the resolvers of every field that returns an entity (or a list of them) and of the
 * list fields above, so each response knows exactly which entities and lists it contains —
 * whatever the query asks for, and for REST routes that run GraphQL documents too. Resolvers and
 * loaders stay unaware of caching.
 */
export function tagResponsesWithSurrogateKeys(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields())) {
      const entityKey = entityKeys[getNamedType(field.type).name]
      const listKey = listKeys[`${type.name}.${field.name}`]
      if (!entityKey && !listKey) continue
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, MercuriusContext>
      const tagged: GraphQLFieldResolver<unknown, MercuriusContext> = async (parent, args, context, info) => {
        const tags = context.reply.request.cacheTags
        if (listKey) for (const key of listKey(parent as { id?: unknown })) tags.add(key)
        const value: unknown = await resolve(parent, args, context, info)
        if (entityKey) addEntityKeys(tags, value, entityKey)
        return value
      }
      field.resolve = tagged as GraphQLFieldResolver<unknown, unknown>
    }
  }
}

function addEntityKeys(tags: Set<string>, value: unknown, entityKey: (value: { id?: unknown }) => string | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) addEntityKeys(tags, item, entityKey)
  } else if (value !== null && typeof value === 'object') {
    const key = entityKey(value)
    if (key) tags.add(key)
  }
}

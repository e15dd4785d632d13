/**
 * Webhook event types: `<entity>.<what happened>`, past tense. Each comes from exactly one
 * kind of audited write (the audit action), so the audit log and the webhooks can never
 * disagree about what happened. schema/webhook.graphql documents the same list.
 */

/** Entities that share the versioned lifecycle (domain/entities/versioned-entity.ts). */
export const lifecycleEntities = ['section', 'author', 'tag', 'media', 'promo'] as const
export type LifecycleEntity = (typeof lifecycleEntities)[number]
export type ContentEntity = 'article' | LifecycleEntity | 'site'
export const contentEntities: readonly ContentEntity[] = ['article', ...lifecycleEntities, 'site']

const lifecycleVerbs = { create: 'created', update: 'updated', trash: 'trashed', restore: 'restored', purge: 'purged' } as const
export type LifecycleVerb = keyof typeof lifecycleVerbs

const articleEventByAction = {
  'article.create': 'article.created',
  'article.update': 'article.updated',
  // Restoring an old revision and editing curated links change the article's content like an edit.
  'article.restore_revision': 'article.updated',
  'related_link.add': 'article.updated',
  'related_link.update': 'article.updated',
  'related_link.remove': 'article.updated',
  'article.publish': 'article.published',
  'article.schedule': 'article.scheduled',
  'article.unpublish': 'article.unpublished',
  'article.expire': 'article.expiry_scheduled',
  'article.trash': 'article.trashed',
  'article.restore': 'article.restored',
  'article.purge': 'article.purged',
} as const

export type ArticleAction = keyof typeof articleEventByAction
export type LifecycleAction = `${LifecycleEntity}.${LifecycleVerb}`
/** Audit actions that are content changes (token.* and webhook.* are not). */
export type ContentAction = ArticleAction | LifecycleAction | 'site.update'

export type EventType = (typeof articleEventByAction)[ArticleAction] | `${LifecycleEntity}.${(typeof lifecycleVerbs)[LifecycleVerb]}` | 'site.updated'

const eventByAction = new Map<string, EventType>([
  ...Object.entries(articleEventByAction),
  ...lifecycleEntities.flatMap((entity) =>
    Object.entries(lifecycleVerbs).map(([verb, past]): [string, EventType] => [`${entity}.${verb}`, `${entity}.${past}`]),
  ),
  ['site.update', 'site.updated'],
])

/** Every event type, in a stable order (what endpoints may subscribe to). */
export const eventTypes: readonly EventType[] = [...new Set(eventByAction.values())]

export function eventTypeFor(action: ContentAction): EventType {
  const type = eventByAction.get(action)
  if (!type) throw new Error(`no webhook event type for ${action}`)
  return type
}

/** `article.*` subscribes to every article event; the entity part of a type names it. */
export const wildcardFor = (entity: ContentEntity): string => `${entity}.*`
export const eventTypeWildcards: readonly string[] = contentEntities.map(wildcardFor)

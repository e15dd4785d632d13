import type { IResolvers } from 'mercurius'
import { authorSpec } from '../../domain/authors/author-writes.js'
import { createEntity, purgeEntity, restoreEntity, trashEntity, updateEntity, type EntitySpec } from '../../domain/entities/versioned-entity.js'
import { mediaSpec } from '../../domain/media/media-writes.js'
import { promoSpec } from '../../domain/promos/promo-writes.js'
import { sectionSpec } from '../../domain/sections/section-writes.js'
import { updateSiteSettings } from '../../domain/site/site-writes.js'
import { tagSpec } from '../../domain/tags/tag-writes.js'
import type { MediaRow } from '../../domain/media/media.repository.js'
import type { WriteContext } from '../../domain/write-context.js'
import { fromEnumName } from '../views/enum-names.js'
import { toImage } from '../views/image-view.js'

type Args = { id: string; expectedVersion: number; input: Record<string, unknown> }
type WithWrite = { write: WriteContext }

/** GraphQL enums arrive as SCREAMING_SNAKE; the services speak the stored spelling. */
function storedEnums(input: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...input }
  for (const key of ['kind', 'placement']) if (typeof copy[key] === 'string') copy[key] = fromEnumName(copy[key])
  return copy
}

/** create/update/delete/restore/purge<Type> for one entity spec. */
function lifecycle<Row>(type: string, spec: EntitySpec<Row>, present: (row: Row, now: Date) => unknown = (row) => row) {
  return {
    [`create${type}`]: async (_root: unknown, { input }: Args, { write }: WithWrite) =>
      present(await createEntity(write, spec, storedEnums(input)), write.now),
    [`update${type}`]: async (_root: unknown, { id, expectedVersion, input }: Args, { write }: WithWrite) =>
      present(await updateEntity(write, spec, id, expectedVersion, storedEnums(input)), write.now),
    [`delete${type}`]: async (_root: unknown, { id, expectedVersion }: Args, { write }: WithWrite) =>
      present(await trashEntity(write, spec, id, expectedVersion), write.now),
    [`restore${type}`]: async (_root: unknown, { id, expectedVersion }: Args, { write }: WithWrite) =>
      present(await restoreEntity(write, spec, id, expectedVersion), write.now),
    [`purge${type}`]: (_root: unknown, { id, expectedVersion }: Args, { write }: WithWrite) =>
      purgeEntity(write, spec, id, expectedVersion),
  }
}

export const entityMutationResolvers = {
  Mutation: {
    ...lifecycle('Section', sectionSpec),
    ...lifecycle('Author', authorSpec),
    ...lifecycle('Tag', tagSpec),
    ...lifecycle('Media', mediaSpec, (row: MediaRow, now) => toImage(row, now)),
    ...lifecycle('Promo', promoSpec),
    updateSiteSettings: (_root: unknown, { expectedVersion, input }: { expectedVersion: number; input: unknown }, { write }: WithWrite) =>
      updateSiteSettings(write, expectedVersion, input),
  },
} satisfies IResolvers

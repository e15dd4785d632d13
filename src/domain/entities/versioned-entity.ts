import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import { actorOf, requireRole } from '../../auth/principal.js'
import { toInputError } from '../../db/constraint-errors.js'
import type { Tx } from '../../db/database.js'
import type { Role } from '../../db/tables/api-tokens.js'
import { BadUserInputError, DomainError, NotFoundError, type FieldProblem } from '../../errors.js'
import { VersionConflictError } from '../articles/article-mutation.js'
import { versionedIdArgsSchema } from '../articles/article-write.schemas.js'
import type { AuditActor } from '../audit/audit.repository.js'
import { recordChange, type ContentChange } from '../audit/record-change.js'
import { entityEventKeys } from '../../webhooks/event-keys.js'
import type { LifecycleEntity, LifecycleVerb } from '../../webhooks/event-types.js'
import { firstFreeSlug, slugify } from '../slugs/slugify.js'
import { parseInput } from '../validation.js'
import type { WriteContext } from '../write-context.js'

/** The columns every editable entity has (see db/tables/columns.ts). */
interface VersionedTable extends PgTable {
  id: PgColumn
  version: PgColumn
  updatedAt: PgColumn
  deletedAt: PgColumn
}

/**
 * What differs between sections, authors, tags, media and promos; the lifecycle (create,
 * partial update under an expected version, trash, restore, purge, audit) is the same.
 */
export interface EntitySpec<Row> {
  /** Name in errors, the audit log and webhook events, e.g. "section". */
  name: LifecycleEntity
  table: VersionedTable
  createSchema: z.ZodType<Record<string, unknown>>
  updateSchema: z.ZodType<Record<string, unknown>>
  /** Role needed to create and update, and to trash and restore; purge is always admin. */
  writeRole: Role
  trashRole: Role
  /** Entities with slugs: the column and the source of a generated slug. */
  slug?: { column: PgColumn; from: string }
  /** Referenced ids that must exist, as problems at their input paths. */
  checkReferences?: (tx: Tx, input: Record<string, unknown>, selfId?: string) => Promise<FieldProblem[]>
  /** Why the entity cannot go to the trash now, if it cannot. */
  blockers?: (tx: Tx, id: string) => Promise<string | undefined>
  /** Why it cannot be deleted for good, if it cannot (rows, trashed or not, that still refer to it). */
  purgeBlockers?: (tx: Tx, id: string) => Promise<string | undefined>
  /**
   * Cache keys of lists the entity sits in beyond its own (a section: its ancestors' article
   * lists), read before and after an update so that a move purges both places.
   */
  listKeys?: (tx: Tx, id: string) => Promise<string[]>
  /**
   * Columns derived from the input (a promo's body renditions), written with it. Runs before the
   * row is written or locked, so it may lock what it derives from (see loadEmbeddedMedia).
   */
  derive?: (tx: Tx, input: Record<string, unknown>) => Promise<Record<string, unknown>>
  /**
   * After the row changed, in the same transaction: brings up to date what other rows derive
   * from it (bodies embedding a media asset) and returns the cache keys that makes stale.
   */
  propagate?: (tx: Tx, change: { verb: LifecycleVerb; id: string; input?: Record<string, unknown> }) => Promise<string[]>
  /** The stored row as the API returns it. */
  toRow: (raw: Record<string, unknown>) => Row
}

const versioned = (rawId: unknown, rawVersion: unknown) =>
  parseInput(versionedIdArgsSchema, { id: rawId, expectedVersion: rawVersion })

async function inTransaction<T>(context: WriteContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await context.db.transaction(work)
  } catch (error) {
    throw toInputError(error)
  }
}

export async function createEntity<Row>(context: WriteContext, spec: EntitySpec<Row>, rawInput: unknown): Promise<Row> {
  requireRole(context.principal, spec.writeRole, `Creating ${spec.name}s`)
  const actor = actorOf(context.principal)
  const input = parseInput(spec.createSchema, rawInput)
  return inTransaction(context, async (tx) => {
    const derived = (await spec.derive?.(tx, input)) ?? {}
    await refuseMissingReferences(tx, spec, input)
    const values: Record<string, unknown> = { ...input, ...derived, createdAt: context.now, updatedAt: context.now }
    if (spec.slug && !input.slug) values.slug = await freeSlug(tx, spec, String(input[spec.slug.from]))
    const [raw] = await tx.insert(spec.table).values(values as never).returning()
    const row = raw as Record<string, unknown>
    await record(tx, actor, spec, 'create', { id: row.id as string, version: 1, slug: row.slug }, { version: 1 }, context.now)
    return spec.toRow(row)
  })
}

/** Partial update as one compare-and-set statement: it applies only if the version still matches. */
export async function updateEntity<Row>(context: WriteContext, spec: EntitySpec<Row>, rawId: unknown, rawVersion: unknown, rawInput: unknown): Promise<Row> {
  requireRole(context.principal, spec.writeRole, `Editing ${spec.name}s`)
  const actor = actorOf(context.principal)
  const { id, expectedVersion } = versioned(rawId, rawVersion)
  const input = parseInput(spec.updateSchema, rawInput)
  return inTransaction(context, async (tx) => {
    const derived = (await spec.derive?.(tx, input)) ?? {}
    await refuseMissingReferences(tx, spec, input, id)
    const listedBefore = (await spec.listKeys?.(tx, id)) ?? []
    return changeVersioned(tx, spec, id, expectedVersion, { ...input, ...derived }, context.now, false, async (row) => {
      const listKeys = [...listedBefore, ...((await spec.listKeys?.(tx, id)) ?? []), ...(await propagate(tx, spec, 'update', id, input))]
      await record(tx, actor, spec, 'update', { id, ...row }, { version: row.version, fields: Object.keys(input) }, context.now, listKeys)
    })
  })
}

export async function trashEntity<Row>(context: WriteContext, spec: EntitySpec<Row>, rawId: unknown, rawVersion: unknown): Promise<Row> {
  requireRole(context.principal, spec.trashRole, `Deleting ${spec.name}s`)
  const actor = actorOf(context.principal)
  const { id, expectedVersion } = versioned(rawId, rawVersion)
  return inTransaction(context, async (tx) => {
    const blocker = await spec.blockers?.(tx, id)
    if (blocker) throw BadUserInputError.at(['id'], blocker)
    return changeVersioned(tx, spec, id, expectedVersion, { deletedAt: context.now }, context.now, false, async (row) => {
      await record(tx, actor, spec, 'trash', { id, ...row }, { version: row.version }, context.now, await propagate(tx, spec, 'trash', id))
    })
  })
}

export async function restoreEntity<Row>(context: WriteContext, spec: EntitySpec<Row>, rawId: unknown, rawVersion: unknown): Promise<Row> {
  requireRole(context.principal, spec.trashRole, `Restoring ${spec.name}s`)
  const actor = actorOf(context.principal)
  const { id, expectedVersion } = versioned(rawId, rawVersion)
  return inTransaction(context, async (tx) =>
    changeVersioned(tx, spec, id, expectedVersion, { deletedAt: null }, context.now, true, async (row) => {
      await record(tx, actor, spec, 'restore', { id, ...row }, { version: row.version }, context.now, await propagate(tx, spec, 'restore', id))
    }),
  )
}

/** Deletes for good: admins only, only from the trash, only when nothing still refers to it. */
export async function purgeEntity<Row>(context: WriteContext, spec: EntitySpec<Row>, rawId: unknown, rawVersion: unknown): Promise<string> {
  requireRole(context.principal, 'admin', `Purging ${spec.name}s`)
  const actor = actorOf(context.principal)
  const { id, expectedVersion } = versioned(rawId, rawVersion)
  return inTransaction(context, async (tx) => {
    const blocker = await spec.purgeBlockers?.(tx, id)
    if (blocker) throw BadUserInputError.at(['id'], blocker)
    const [deleted] = await tx
      .delete(spec.table)
      .where(and(eq(spec.table.id, id), eq(spec.table.version, expectedVersion), isNotNull(spec.table.deletedAt)))
      .returning(spec.slug ? { id: spec.table.id, slug: spec.slug.column } : { id: spec.table.id })
    if (!deleted) {
      const current = await currentState(tx, spec, id)
      if (current.deletedAt === null) throw BadUserInputError.at(['id'], `must be in the trash before the ${spec.name} can be purged`)
      throw new VersionConflictError(spec.name, expectedVersion, current.version)
    }
    const stale = await propagate(tx, spec, 'purge', id)
    await record(tx, actor, spec, 'purge', { id, version: expectedVersion, slug: (deleted as { slug?: unknown }).slug }, {}, context.now, stale)
    return id
  })
}

async function changeVersioned<Row>(
  tx: Tx,
  spec: EntitySpec<Row>,
  id: string,
  expectedVersion: number,
  values: Record<string, unknown>,
  now: Date,
  inTrash: boolean,
  afterwards: (row: { version: number; slug: unknown }) => Promise<void>,
): Promise<Row> {
  const [raw] = await tx
    .update(spec.table)
    .set({ ...values, version: sql`${spec.table.version} + 1`, updatedAt: now })
    .where(and(eq(spec.table.id, id), eq(spec.table.version, expectedVersion), inTrash ? isNotNull(spec.table.deletedAt) : isNull(spec.table.deletedAt)))
    .returning()
  if (!raw) {
    const current = await currentState(tx, spec, id)
    if ((current.deletedAt !== null) !== inTrash) {
      throw new DomainError('NOT_FOUND', inTrash ? `This ${spec.name} is not in the trash` : `This ${spec.name} is in the trash: restore it first`)
    }
    throw new VersionConflictError(spec.name, expectedVersion, current.version)
  }
  const row = raw as Record<string, unknown>
  await afterwards({ version: Number(row.version), slug: row.slug })
  return spec.toRow(row)
}

/** Audit entry and webhook event of one lifecycle step, e.g. "tag.trash" → tag.trashed. */
async function record(
  tx: Tx,
  actor: AuditActor,
  spec: EntitySpec<unknown>,
  verb: LifecycleVerb,
  row: { id: string; version: number; slug?: unknown },
  details: Record<string, unknown>,
  at: Date,
  listKeys: string[] = [],
): Promise<void> {
  const change: ContentChange = {
    action: `${spec.name}.${verb}`,
    entity: { type: spec.name, id: row.id, version: row.version, slug: typeof row.slug === 'string' ? row.slug : undefined },
    details,
    surrogateKeys: entityEventKeys(spec.name, row.id, listKeys),
    at,
  }
  await recordChange(tx, actor, change)
}

async function propagate(tx: Tx, spec: EntitySpec<unknown>, verb: LifecycleVerb, id: string, input?: Record<string, unknown>): Promise<string[]> {
  return (await spec.propagate?.(tx, input === undefined ? { verb, id } : { verb, id, input })) ?? []
}

async function currentState(tx: Tx, spec: EntitySpec<unknown>, id: string): Promise<{ version: number; deletedAt: Date | null }> {
  const [row] = await tx.select({ version: spec.table.version, deletedAt: spec.table.deletedAt }).from(spec.table).where(eq(spec.table.id, id))
  if (!row) throw new NotFoundError(spec.name, `id ${id}`)
  return row as { version: number; deletedAt: Date | null }
}

async function refuseMissingReferences(tx: Tx, spec: EntitySpec<unknown>, input: Record<string, unknown>, selfId?: string): Promise<void> {
  const problems = (await spec.checkReferences?.(tx, input, selfId)) ?? []
  if (problems.length > 0) throw new BadUserInputError(problems)
}

async function freeSlug(tx: Tx, spec: EntitySpec<unknown>, source: string): Promise<string> {
  const column = spec.slug?.column
  if (!column) throw new Error(`${spec.name} has no slug`)
  const base = slugify(source)
  const rows = await tx.select({ slug: column }).from(spec.table).where(sql`${column} LIKE ${`${base}%`}`)
  return firstFreeSlug(base, new Set(rows.map((row) => String(row.slug))))
}

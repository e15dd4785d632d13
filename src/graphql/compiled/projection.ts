import { sql, type SQL } from 'drizzle-orm'
import { isObjectType, type FragmentDefinitionNode, type GraphQLField, type GraphQLSchema, type SelectionNode } from 'graphql'
import { listKeys } from '../cache-tagging.js'
import { collectFields, subSelections, type RequestedField } from './collect-fields.js'
import { Unsupported, type PlanBuilder } from './plan-builder.js'
import { entityKeySql, isoInstant as isoInstantSql } from './sql-values.js'

/**
 * The compiled read path turns a GraphQL selection into one SQL statement whose result is the
 * response's JSON, built by PostgreSQL (json_build_object), as Hasura and PostGraphile do. Each
 * object in the response is a Projection: its JSON expression, the surrogate keys of the
 * entities in it, the conditions under which the stored data can answer it (renditions
 * present), and the lateral joins its relations need in the enclosing FROM clause.
 */
export interface Projection {
  json: SQL
  /** Text expressions, each NULL or space-separated surrogate keys. */
  keys: SQL[]
  /** Boolean expressions that must all hold for the statement's answer to stand. */
  ok: SQL[]
  joins: SQL[]
}

/** What compiling a document shares across its objects. */
export interface CompileEnv {
  plan: PlanBuilder
  schema: GraphQLSchema
  fragments: ReadonlyMap<string, FragmentDefinitionNode>
  registry: ProjectionRegistry
}

/** One field being compiled on a row of its parent type. */
export interface FieldContext {
  env: CompileEnv
  field: RequestedField
  definition: GraphQLField<unknown, unknown>
  /** Alias of the row the parent object reads from. */
  row: string
  /** Expressions the parent object was given by whoever placed it (a caption override, say). */
  given: Readonly<Record<string, SQL>>
}

export type FieldCompiler = (context: FieldContext) => Projection

export interface TypeProjection {
  fields: Readonly<Record<string, FieldCompiler>>
  /** The surrogate key of the entity on `row`, for types that are entities. */
  entityKey?: (row: string) => SQL
  /** A key every instance adds whatever its row (the site). */
  staticKey?: string
}

export type ProjectionRegistry = Readonly<Record<string, TypeProjection>>

// json_build_object takes at most 100 arguments: 50 keys.
const MAX_KEYS = 50

const joinAll = (parts: SQL[]): SQL => sql.join(parts, sql` `)

/** The keys of a projection as one text expression (NULL when it has none). */
export function keysOf(projection: Pick<Projection, 'keys'>): SQL {
  return projection.keys.length === 0 ? sql`NULL::text` : sql`concat_ws(' ', ${sql.join(projection.keys, sql`, `)})`
}

/** The conditions of a projection as one boolean expression. */
export function okOf(projection: Pick<Projection, 'ok'>): SQL {
  return projection.ok.length === 0 ? sql`true` : sql`(${sql.join(projection.ok, sql` AND `)})`
}

/** A leaf: a JSON value computed from the row, needing nothing else. */
export function leaf(json: SQL): Projection {
  return { json, keys: [], ok: [], joins: [] }
}

/** A field whose value is one expression on the parent's row. */
export const column = (expression: (row: string) => SQL): FieldCompiler => ({ row }) => leaf(expression(row))

/** `row.name` for a column name. */
export const col = (row: string, name: string): SQL => sql.raw(`${row}.${name}`)

/** A field that is one column of the row, as is. */
export const columnNamed = (name: string): FieldCompiler => column((row) => col(row, name))

/**
 * What every entity type shares: its surrogate key and the fields of entityColumns() (id,
 * version, deletedAt), plus its own `fields`.
 */
export function entityProjection(key: (id: string) => string, fields: Readonly<Record<string, FieldCompiler>>): TypeProjection {
  return {
    entityKey: (row) => entityKeySql(key, col(row, 'id')),
    fields: { id: columnNamed('id'), version: columnNamed('version'), deletedAt: column((row) => isoInstantSql(col(row, 'deleted_at'))), ...fields },
  }
}

/** The object of type `typeName` on row `row`, with the fields of `selections`. */
export function compileObject(env: CompileEnv, typeName: string, row: string, selections: readonly SelectionNode[], given: Readonly<Record<string, SQL>> = {}): Projection {
  const type = env.schema.getType(typeName)
  const projection = env.registry[typeName]
  if (!isObjectType(type) || !projection) throw new Unsupported(`type ${typeName}`)
  const fields = collectFields(typeName, selections, env.fragments)
  if (fields.size > MAX_KEYS) throw new Unsupported(`more than ${MAX_KEYS} fields on one object`)
  const pairs: SQL[] = []
  const out: Projection = { json: sql``, keys: [], ok: [], joins: [] }
  if (projection.entityKey) out.keys.push(projection.entityKey(row))
  if (projection.staticKey) env.plan.staticKeys.add(projection.staticKey)
  for (const field of fields.values()) {
    let value: SQL
    if (field.name === '__typename') {
      value = sql.raw(`'${typeName}'::text`)
    } else {
      const compile = projection.fields[field.name]
      const definition = type.getFields()[field.name]
      if (!compile || !definition) throw new Unsupported(`${typeName}.${field.name}`)
      const compiled = compile({ env, field, definition, row, given })
      // List keys (`articles:latest`…) of the field, as cache-tagging.ts adds them on the resolver path.
      for (const key of listKeys[`${typeName}.${field.name}`]?.({}) ?? []) env.plan.staticKeys.add(key)
      value = compiled.json
      out.keys.push(...compiled.keys)
      out.ok.push(...compiled.ok)
      out.joins.push(...compiled.joins)
    }
    // Response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): safe as literals.
    pairs.push(sql.raw(`'${field.responseKey}'`), value)
  }
  out.json = sql`json_build_object(${sql.join(pairs, sql`, `)})`
  return out
}

/** A nested object read from the same row (or another row already in scope). */
export function inline(context: FieldContext, typeName: string, row = context.row, given: Readonly<Record<string, SQL>> = {}): Projection {
  return compileObject(context.env, typeName, row, subSelections(context.field), given)
}

/** What the parent reads from a lateral subquery (columns j, k, ok) built on `inner`. */
function fromLateral(lateral: string, inner: Projection, join: SQL): Projection {
  return {
    json: sql.raw(`${lateral}.j`),
    keys: inner.keys.length === 0 ? [] : [sql.raw(`${lateral}.k`)],
    ok: inner.ok.length === 0 ? [] : [sql.raw(`${lateral}.ok IS NOT FALSE`)],
    joins: [join],
  }
}

export interface OneSource {
  /** The table (or subquery) with its alias, e.g. `sections s3`. */
  from: (alias: string) => SQL
  /** The condition picking the one row, on that alias and the parent's row. */
  where: (alias: string) => SQL
  prefix: string
  given?: (alias: string) => Record<string, SQL>
}

/**
 * A to-one relation: a lateral subquery returning the object's JSON, keys and conditions (all
 * NULL when there is no row). OFFSET 0 keeps it a subquery run per parent row (a key lookup):
 * flattened into the parent's joins, a generic plan may hash the whole table instead.
 */
export function one(context: FieldContext, typeName: string, source: OneSource): Projection {
  const { plan } = context.env
  const alias = plan.alias(source.prefix)
  const inner = compileObject(context.env, typeName, alias, subSelections(context.field), source.given?.(alias) ?? {})
  const lateral = plan.alias('c')
  const join = sql`LEFT JOIN LATERAL (SELECT ${inner.json} AS j, ${keysOf(inner)} AS k, ${okOf(inner)} AS ok
    FROM ${source.from(alias)} ${joinAll(inner.joins)} WHERE ${source.where(alias)} OFFSET 0) ${sql.raw(lateral)} ON true`
  return fromLateral(lateral, inner, join)
}

export interface ManySource {
  /**
   * A parenthesised subquery yielding the rows in order, with their position in column `o`
   * (row_number() over the list's order) and any LIMIT applied, e.g.
   * `(SELECT t.*, row_number() OVER (ORDER BY …) AS o FROM … ORDER BY … LIMIT n)`.
   */
  rows: SQL
  prefix: string
  given?: (alias: string) => Record<string, SQL>
}

/** A list relation: a lateral subquery aggregating the objects of its rows, in order. */
export function many(context: FieldContext, typeName: string, source: ManySource): Projection {
  const { plan } = context.env
  const alias = plan.alias(source.prefix)
  const inner = compileObject(context.env, typeName, alias, subSelections(context.field), source.given?.(alias) ?? {})
  const lateral = plan.alias('c')
  const join = sql`LEFT JOIN LATERAL (SELECT coalesce(json_agg(e.j ORDER BY e.o), '[]'::json) AS j, string_agg(e.k, ' ') AS k, bool_and(e.ok) AS ok
    FROM (SELECT ${inner.json} AS j, ${keysOf(inner)} AS k, ${okOf(inner)} AS ok, ${sql.raw(alias)}.o AS o
      FROM ${source.rows} ${sql.raw(alias)} ${joinAll(inner.joins)}) e) ${sql.raw(lateral)} ON true`
  return fromLateral(lateral, inner, join)
}

import { fillPlaceholders, sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { getOperationAST, OperationTypeNode, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql'
import { fragmentsOf } from '../document-fragments.js'
import { PlanBuilder, Unsupported, type Binding } from './plan-builder.js'
import { compileObject, keysOf, okOf } from './projection.js'
import { projections } from './projections.js'

/** One operation compiled to one statement, ready to bind and run for each request. */
export interface CompiledPlan {
  operation: OperationDefinitionNode
  fragments: ReadonlyMap<string, FragmentDefinitionNode>
  text: string
  /** Parameters in statement order; placeholders are filled per request (`at` and the bindings). */
  params: unknown[]
  bindings: ReadonlyMap<string, Binding>
  /** Surrogate keys every response of this plan has (list keys, the site). */
  staticKeys: readonly string[]
  /** The operation's cost (cost-limit.ts) when no variable changes it. */
  fixedCost?: number
}

const dialect = new PgDialect()

/**
 * Compiles a validated query operation into one SQL statement answering with three columns:
 * `data` (the response's data as JSON text, built by PostgreSQL), `keys` (the surrogate keys of
 * the entities in it) and `complete` (false when stored data cannot answer and the resolvers
 * must: a page not found, a rendition not yet written). Throws Unsupported for anything else.
 */
export function compileOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledPlan {
  const operation = getOperationAST(document, operationName)
  if (operation?.operation !== OperationTypeNode.QUERY) throw new Unsupported('not a query')
  const fragments = fragmentsOf(document)
  const plan = new PlanBuilder()
  const root = compileObject({ plan, schema, fragments, registry: projections }, 'Query', 'q', operation.selectionSet.selections)
  const statement = sql`SELECT ${root.json}::text AS data, ${keysOf(root)} AS keys, ${okOf(root)} AS complete
    FROM (SELECT 1) q ${sql.join(root.joins, sql` `)}`
  const query = dialect.sqlToQuery(statement)
  return { operation, fragments, text: query.sql, params: query.params, bindings: plan.bindings, staticKeys: [...plan.staticKeys] }
}

/** The statement's parameters for one request: the instant it reads at and each binding's value. */
export function bindPlan(plan: CompiledPlan, variables: Readonly<Record<string, unknown>>, at: Date): unknown[] {
  const values: Record<string, unknown> = { at: at.toISOString() }
  for (const [name, bind] of plan.bindings) values[name] = bind(variables)
  return fillPlaceholders(plan.params, values)
}

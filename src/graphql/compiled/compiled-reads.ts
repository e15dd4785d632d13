import { getVariableValues, Kind, parse, specifiedRules, validate, visit, type ArgumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql'
import { isDatabaseUnavailable } from '../../db/database-unavailable.js'
import type { Database } from '../../db/database.js'
import { operationCost } from '../cost-limit.js'
import { operationDepth } from '../depth-limit.js'
import { bindPlan, compileOperation, type CompiledPlan } from './compile-operation.js'
import { NotBindable, Unsupported } from './plan-builder.js'

/** Whether no `first` argument in the operation (or its fragments) is a variable. */
function pageSizesFixed(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  let fixed = true
  const check = { Argument: (node: ArgumentNode) => { if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE) fixed = false } }
  visit(operation, check)
  for (const fragment of fragments.values()) visit(fragment, check)
  return fixed
}

export interface CompiledAnswer {
  /** The response's `data` as JSON text. */
  data: string
  /** Surrogate keys of everything in it. */
  keys: string[]
}

export interface CompiledReadsOptions {
  schema: GraphQLSchema
  database: Pick<Database, 'query'>
  maxDepth: number
  maxCost: number
  /** Documents kept compiled (or known not to compile), first in first out. */
  maxPlans?: number
  /** Longer documents are never compiled (nor kept). */
  maxDocumentLength?: number
  onPlanFailure?: (error: unknown, plan: CompiledPlan) => void
}

/**
 * The compiled read path: public queries whose every field has a projection are answered by
 * one SQL statement that builds the response's JSON, instead of resolvers and loaders (about
 * ten times less CPU per page). It answers only what the resolvers would answer the same way;
 * anything else — an unsupported field, a preview, arguments a service would refuse, a page not
 * found, a database error — returns null, and the request goes through the resolvers, which
 * stay the reference (test/graphql/compiled-reads.test.ts compares the two).
 */
export class CompiledReads {
  readonly #plans = new Map<string, CompiledPlan | null>()
  readonly #options: Required<Omit<CompiledReadsOptions, 'onPlanFailure'>> & Pick<CompiledReadsOptions, 'onPlanFailure'>

  constructor(options: CompiledReadsOptions) {
    this.#options = { maxPlans: 500, maxDocumentLength: 16_384, ...options }
  }

  /** The plan of a document's operation, compiled on first sight; null when it cannot have one. */
  planFor(document: string, operationName?: string | null): CompiledPlan | null {
    if (document.length > this.#options.maxDocumentLength) return null
    // Most requests name no operation: their key is the document itself, no string built.
    const key = operationName ? `${operationName}\0${document}` : document
    const known = this.#plans.get(key)
    if (known !== undefined) return known
    const plan = this.#compile(document, operationName ?? undefined)
    this.#plans.set(key, plan)
    // First in, first out: a document still in use is compiled again, once, after eviction.
    if (this.#plans.size > this.#options.maxPlans) this.#plans.delete(this.#plans.keys().next().value as string)
    return plan
  }

  /** Runs a plan for one request at `at`; null when the resolvers must answer it instead. */
  async run(plan: CompiledPlan, variables: Readonly<Record<string, unknown>> | null | undefined, at: Date): Promise<CompiledAnswer | null> {
    const { schema, maxCost } = this.#options
    const coerced = getVariableValues(schema, plan.operation.variableDefinitions ?? [], { ...variables })
    if (coerced.errors) return null
    const cost = plan.fixedCost ?? operationCost(schema, plan.operation, plan.fragments, variables ?? {})
    if (cost > maxCost) return null
    let params: unknown[]
    try {
      params = bindPlan(plan, coerced.coerced, at)
    } catch (error) {
      if (error instanceof NotBindable) return null
      throw error
    }
    let row: Record<string, unknown> | undefined
    try {
      row = (await this.#options.database.query(plan.text, params))[0]
    } catch (error) {
      // The resolvers meet the same outage and report it; anything else is a bug in the plan,
      // which is dropped so every later request goes the reference way.
      if (!isDatabaseUnavailable(error)) {
        this.#options.onPlanFailure?.(error, plan)
        for (const [key, known] of this.#plans) if (known === plan) this.#plans.set(key, null)
      }
      return null
    }
    if (row?.complete !== true || typeof row.data !== 'string') return null
    const keys = typeof row.keys === 'string' ? row.keys.split(' ').filter(Boolean) : []
    return { data: row.data, keys: [...keys, ...plan.staticKeys] }
  }

  #compile(document: string, operationName: string | undefined): CompiledPlan | null {
    const { schema, maxDepth } = this.#options
    try {
      const parsed = parse(document)
      // The same checks the resolver path makes before executing; whatever fails them is its to report.
      if (validate(schema, parsed, specifiedRules).length > 0) return null
      const plan = compileOperation(schema, parsed, operationName)
      if (operationDepth(plan.operation, plan.fragments) > maxDepth) return null
      // Page sizes fixed by the document fix the cost: computed once, not per request.
      return pageSizesFixed(plan.operation, plan.fragments) ? { ...plan, fixedCost: operationCost(schema, plan.operation, plan.fragments, {}) } : plan
    } catch (error) {
      if (error instanceof Unsupported || error instanceof NotBindable) return null
      // A syntax error: the resolver path reports it.
      if (error instanceof Error && error.name === 'GraphQLError') return null
      throw error
    }
  }
}

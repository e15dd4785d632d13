import { sql, type SQL } from 'drizzle-orm'

/**
 * Thrown while compiling when a document asks for something the compiled path does not cover
 * (a field without a projection, a directive, an argument it cannot bind). The document then
 * runs through the resolvers, which cover everything; nothing is answered differently.
 */
export class Unsupported extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'Unsupported'
  }
}

/** Thrown while binding a request's arguments: this request runs through the resolvers (which report the problem). */
export class NotBindable extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'NotBindable'
  }
}

/** Computes the value of one statement parameter from a request's coerced variables; throws NotBindable. */
export type Binding = (variables: Readonly<Record<string, unknown>>) => unknown

/**
 * What one compilation collects besides the SQL: fresh table aliases, the statement's
 * parameters (each a placeholder bound per request), and the surrogate keys every response of
 * the plan carries whatever the rows (list keys such as `articles:latest`).
 */
export class PlanBuilder {
  #aliases = 0
  readonly bindings = new Map<string, Binding>()
  readonly staticKeys = new Set<string>()

  /** A table alias no other part of the statement uses. */
  alias(prefix: string): string {
    this.#aliases += 1
    return `${prefix}${this.#aliases}`
  }

  /** A parameter whose value `bind` computes per request. */
  param(bind: Binding, cast: string): SQL {
    const name = `p${this.bindings.size + 1}`
    this.bindings.set(name, bind)
    return sql`${sql.placeholder(name)}::${sql.raw(cast)}`
  }
}

/** The instant the request reads at, bound to every response (its `now`). */
export const AT = sql`${sql.placeholder('at')}::timestamptz`

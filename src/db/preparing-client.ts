import { createHash } from 'node:crypto'
import pg from 'pg'

/**
 * A node-postgres client that runs every parameterised statement as a named prepared statement:
 * PostgreSQL parses it once per connection (and, after a few runs, may keep a generic plan), so a
 * read pays only bind and execute. On the article page, parsing and planning cost more than
 * executing. The name is a hash of the text, so one name never stands for two statements.
 *
 * Statements without parameters (BEGIN, COMMIT, SET, migrations' multi-statement scripts) keep
 * the simple protocol. Each connection prepares at most `MAX_PER_CONNECTION` texts, so a query
 * whose text varies (an IN list of any length) cannot grow the server's memory without bound.
 */

const MAX_PER_CONNECTION = 500
const MAX_NAMES = 2000

// text → name: hashing a long statement on every run would cost more than it saves.
const names = new Map<string, string>()

function nameOf(text: string): string | undefined {
  let name = names.get(text)
  if (name === undefined && names.size < MAX_NAMES) {
    name = `m_${createHash('sha1').update(text).digest('base64url')}`
    names.set(text, name)
  }
  return name
}

// Drizzle sends an empty list with statements that have none: those may hold several commands.
const hasParameters = (values: unknown): boolean => Array.isArray(values) && values.length > 0

interface QueryConfig {
  text?: unknown
  name?: unknown
  values?: unknown
  submit?: unknown
}

export class PreparingClient extends pg.Client {
  readonly #prepared = new Set<string>()

  override query(...args: unknown[]): never {
    const [config, values] = args
    if (typeof config === 'string' && hasParameters(values)) {
      const name = this.#nameFor(config)
      if (name !== undefined) args[0] = { text: config, name }
    } else if (typeof config === 'object' && config !== null) {
      const query = config as QueryConfig
      const parameterised = hasParameters(query.values) || hasParameters(values)
      if (typeof query.submit !== 'function' && query.name === undefined && typeof query.text === 'string' && parameterised) {
        const name = this.#nameFor(query.text)
        if (name !== undefined) args[0] = { ...query, name }
      }
    }
    return (super.query as (...rest: unknown[]) => never)(...args)
  }

  #nameFor(text: string): string | undefined {
    const name = nameOf(text)
    if (name === undefined) return undefined
    if (this.#prepared.has(name)) return name
    if (this.#prepared.size >= MAX_PER_CONNECTION) return undefined
    this.#prepared.add(name)
    return name
  }
}

import { createHash } from 'node:crypto'
import pg from 'pg'

/**
 * A node-postgres client that runs every parameterised statement as a named prepared statement:
 * PostgreSQL parses it once per connection (and, after a few runs, may keep a generic plan), so a
 * read pays only bind and execute. On the article page, parsing and planning cost more than
 * executing. The name is a hash of the text, so one name never stands for two statements.
 *
 * Statements without parameters (BEGIN, COMMIT, SET, migrations' multi-statement scripts) keep
 * the simple protocol. Both sides are bounded: node-postgres and the PostgreSQL backend keep a
 * named statement for as long as the connection lives, so each connection keeps the
 * `MAX_PER_CONNECTION` it used last and DEALLOCATEs the least recently used one to make room;
 * a query whose text varies (an IN list of any length) costs a parse, never memory.
 */

export const MAX_PER_CONNECTION = 200
const MAX_NAMES = 2000
// Texts held by the text → name map, in characters (compiled reads are long statements).
const MAX_NAMED_CHARACTERS = 8 * 1024 * 1024

// text → name, least recently used first: hashing a long statement on every run would cost
// more than it saves. A text evicted here is hashed again, to the same name, when next used.
const names = new Map<string, string>()
let namedCharacters = 0

export function statementName(text: string): string | undefined {
  let name = names.get(text)
  if (name !== undefined) {
    names.delete(text)
    names.set(text, name)
    return name
  }
  if (text.length > MAX_NAMED_CHARACTERS / 16) return undefined
  name = `m_${createHash('sha1').update(text).digest('base64url')}`
  names.set(text, name)
  namedCharacters += text.length
  while (names.size > MAX_NAMES || namedCharacters > MAX_NAMED_CHARACTERS) {
    const oldest = names.keys().next().value as string
    names.delete(oldest)
    namedCharacters -= oldest.length
  }
  return name
}

/** What the text → name map holds (it is shared by every connection). */
export function namedStatementTexts(): { count: number; characters: number } {
  return { count: names.size, characters: namedCharacters }
}

// Drizzle sends an empty list with statements that have none: those may hold several commands.
const hasParameters = (values: unknown): boolean => Array.isArray(values) && values.length > 0

interface QueryConfig {
  text?: unknown
  name?: unknown
  values?: unknown
  submit?: unknown
}

/** node-postgres's own record of the statements the server confirmed it parsed, by name. */
interface ParsedStatements {
  connection: { parsedStatements: Record<string, string> }
}

export class PreparingClient extends pg.Client {
  /** Names prepared on this connection, least recently used first. */
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
    const name = statementName(text)
    if (name === undefined) return undefined
    this.#prepared.delete(name)
    this.#prepared.add(name)
    if (this.#prepared.size > MAX_PER_CONNECTION) this.#deallocate(this.#prepared.values().next().value as string)
    return name
  }

  /**
   * Queued ahead of the statement that needs the room. Only a statement the server confirmed is
   * deallocated (so DEALLOCATE cannot fail and abort a transaction it lands in), and node-postgres
   * forgets it only once the server has; if it fails anyway (in an already aborted transaction),
   * both sides still agree that the statement exists, and it is simply used again if needed.
   */
  #deallocate(name: string): void {
    this.#prepared.delete(name)
    const parsed = (this as unknown as ParsedStatements).connection.parsedStatements
    if (parsed[name] === undefined) return
    ;(super.query as (text: string) => Promise<unknown>)(`DEALLOCATE "${name}"`).then(
      () => { Reflect.deleteProperty(parsed, name) },
      () => undefined,
    )
  }
}

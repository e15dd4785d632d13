/**
 * Names for the compiled statements that are run often, so PostgreSQL parses and plans each
 * once per connection instead of on every request (for the article page, planning costs several
 * times what running it does). Bounded: node-postgres and the server keep every named statement
 * for the connection's life, so only the first `limit` statement texts that prove hot (run
 * `hotAfter` times) get a name, and a name is never reused for another text. Documents sent once
 * or twice, whatever their number, never take a slot.
 */
export class StatementNames {
  readonly #names = new Map<string, string>()
  readonly #runs = new Map<string, number>()
  readonly #limit: number
  readonly #hotAfter: number

  constructor({ limit = 64, hotAfter = 3 }: { limit?: number; hotAfter?: number } = {}) {
    this.#limit = limit
    this.#hotAfter = hotAfter
  }

  /** The name to run `text` under, or undefined to run it unnamed (parsed and planned each time). */
  nameFor(text: string): string | undefined {
    const named = this.#names.get(text)
    if (named !== undefined || this.#names.size >= this.#limit) return named
    const runs = (this.#runs.get(text) ?? 0) + 1
    if (runs < this.#hotAfter) {
      // The counts are a sieve, not a record: dropped wholesale before they could grow large.
      if (this.#runs.size >= this.#limit * 16) this.#runs.clear()
      this.#runs.set(text, runs)
      return undefined
    }
    this.#runs.delete(text)
    const name = `masthead_compiled_${this.#names.size + 1}`
    this.#names.set(text, name)
    return name
  }

  get size(): number {
    return this.#names.size
  }
}

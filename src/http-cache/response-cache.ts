/** A response as it left the server, ready to be sent again byte for byte. */
export interface CachedResponse {
  /** Bytes, so a hit is written as it is (a string would be encoded again on every send). */
  body: Buffer | string
  headers: Record<string, string>
  /** Surrogate keys of everything in it: any of them changing evicts it. */
  tags: string[]
  expiresAt: number
}

/** Purge records kept for builds in flight; when older ones go, `#refusedBefore` moves up. */
const PURGE_RECORDS = 10_000

/**
 * Public responses in memory, evicted exactly by surrogate key. An LRU bounded by entries and
 * bytes. Writes that commit while a response is being built would otherwise let it store a
 * pre-write picture after the purge; so each store says when its build started (an epoch), and
 * is refused if any of its keys was purged since.
 */
export class ResponseCache {
  readonly #entries = new Map<string, CachedResponse>()
  /** key → cache keys of the entries that contain it. */
  readonly #byTag = new Map<string, Set<string>>()
  /** key → epoch of its last purge, oldest first. */
  readonly #purgedAt = new Map<string, number>()
  /** Builds that started before this epoch are refused: a clear, or purge records let go, came after them. */
  #refusedBefore = 0
  #epoch = 0
  #bytes = 0

  constructor(readonly limits: { maxEntries: number; maxBytes: number }) {}

  get size(): number {
    return this.#entries.size
  }

  get bytes(): number {
    return this.#bytes
  }

  /** Purge records held for builds in flight (bounded). */
  get purgeRecords(): number {
    return this.#purgedAt.size
  }

  /** Take one before building a response; hand it to `set`. */
  epoch(): number {
    return this.#epoch
  }

  get(key: string, now = Date.now()): CachedResponse | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= now) {
      this.#delete(key)
      return undefined
    }
    // Most recently used goes to the end; eviction takes from the front.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry
  }

  /** Stores unless a key it contains was purged after `builtFrom` (then it may be stale). */
  set(key: string, entry: CachedResponse, builtFrom: number): boolean {
    if (builtFrom < this.#refusedBefore) return false
    if (entry.tags.some((tag) => (this.#purgedAt.get(tag) ?? -1) > builtFrom)) return false
    if (entry.body.length > this.limits.maxBytes / 4) return false
    this.#delete(key)
    this.#entries.set(key, entry)
    this.#bytes += entry.body.length
    for (const tag of entry.tags) {
      let keys = this.#byTag.get(tag)
      if (!keys) this.#byTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    while (this.#entries.size > this.limits.maxEntries || this.#bytes > this.limits.maxBytes) {
      const oldest = this.#entries.keys().next().value
      if (oldest === undefined) break
      this.#delete(oldest)
    }
    return true
  }

  /** Evicts every response that contains any of these keys. Returns how many went. */
  purge(tags: Iterable<string>): number {
    const epoch = ++this.#epoch
    let evicted = 0
    for (const tag of tags) {
      // Deleted first so the record moves to the end: the map stays in epoch order.
      this.#purgedAt.delete(tag)
      this.#purgedAt.set(tag, epoch)
      for (const key of this.#byTag.get(tag) ?? []) {
        if (this.#delete(key)) evicted++
      }
    }
    // Records only matter to builds in flight, which take milliseconds: the oldest go, and any
    // build that started before them is refused (a lost store, never a stale one).
    for (const [tag, purgedAt] of this.#purgedAt) {
      if (this.#purgedAt.size <= PURGE_RECORDS) break
      this.#purgedAt.delete(tag)
      this.#refusedBefore = purgedAt
    }
    return evicted
  }

  clear(): void {
    this.#refusedBefore = ++this.#epoch
    this.#entries.clear()
    this.#byTag.clear()
    this.#purgedAt.clear()
    this.#bytes = 0
  }

  #delete(key: string): boolean {
    const entry = this.#entries.get(key)
    if (!entry) return false
    this.#entries.delete(key)
    this.#bytes -= entry.body.length
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) this.#byTag.delete(tag)
    }
    return true
  }
}

/** A response as it left the server, ready to be sent again byte for byte. */
export interface CachedResponse {
  /** Bytes, so a hit is written as it is (a string would be encoded again on every send). */
  body: Buffer | string
  headers: Record<string, string>
  /** Surrogate keys of everything in it: any of them changing evicts it. */
  tags: string[]
  expiresAt: number
}

// What an entry costs beyond its strings (V8 keeps ASCII strings at one byte a character): the
// entry and headers objects, its slot in the LRU map, and per surrogate key its slot in the
// key → entries index. Rough, on the generous side: the budget is for all of it, not the bodies.
const ENTRY_OVERHEAD_BYTES = 256
const TAG_OVERHEAD_BYTES = 96

/** The memory an entry holds: body, cache key, surrogate keys, replayed headers and overhead. */
export function entryBytes(key: string, entry: CachedResponse): number {
  let bytes = ENTRY_OVERHEAD_BYTES + key.length + Buffer.byteLength(entry.body)
  for (const tag of entry.tags) bytes += tag.length + TAG_OVERHEAD_BYTES
  for (const [name, value] of Object.entries(entry.headers)) bytes += name.length + value.length
  return bytes
}

interface Stored {
  entry: CachedResponse
  bytes: number
}

export interface ResponseCacheLimits {
  maxEntries: number
  /** Everything entries hold (entryBytes), their index included; not just their bodies. */
  maxBytes: number
  /** Purges remembered for builds in flight (each a surrogate key); older ones are forgotten. */
  maxPurgeRecords?: number
}

/**
 * Public responses in memory, evicted exactly by surrogate key. An LRU bounded by entries and
 * bytes. Writes that commit while a response is being built would otherwise let it store a
 * pre-write picture after the purge; so each store says when its build started (an epoch), and
 * is refused if any of its keys was purged since. Every structure is bounded: the key → entries
 * index holds only stored entries, and only the latest purges are remembered; a build that
 * started before a forgotten purge is refused, as it might contain what that purge evicted.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Stored>()
  /** key → cache keys of the entries that contain it. */
  readonly #byTag = new Map<string, Set<string>>()
  /** key → epoch of its last purge, oldest first. */
  readonly #purgedAt = new Map<string, number>()
  /** Builds that started before this epoch are refused (a clear, or purges no longer remembered). */
  #refusedBefore = 0
  #epoch = 0
  #bytes = 0
  readonly #maxPurgeRecords: number

  constructor(readonly limits: ResponseCacheLimits) {
    this.#maxPurgeRecords = limits.maxPurgeRecords ?? 10_000
  }

  get size(): number {
    return this.#entries.size
  }

  get bytes(): number {
    return this.#bytes
  }

  /** How many purges are remembered (bounded by maxPurgeRecords). */
  get purgeRecords(): number {
    return this.#purgedAt.size
  }

  /** How many surrogate keys the index holds: never more than the stored entries contain. */
  get indexedTags(): number {
    return this.#byTag.size
  }

  /** Take one before building a response; hand it to `set`. */
  epoch(): number {
    return this.#epoch
  }

  get(key: string, now = Date.now()): CachedResponse | undefined {
    const stored = this.#entries.get(key)
    if (!stored) return undefined
    if (stored.entry.expiresAt <= now) {
      this.#delete(key)
      return undefined
    }
    // Most recently used goes to the end; eviction takes from the front.
    this.#entries.delete(key)
    this.#entries.set(key, stored)
    return stored.entry
  }

  /** Stores unless a key it contains was purged after `builtFrom` (then it may be stale). */
  set(key: string, entry: CachedResponse, builtFrom: number): boolean {
    if (builtFrom < this.#refusedBefore) return false
    if (entry.tags.some((tag) => (this.#purgedAt.get(tag) ?? -1) > builtFrom)) return false
    const bytes = entryBytes(key, entry)
    if (bytes > this.limits.maxBytes / 4) return false
    this.#delete(key)
    this.#entries.set(key, { entry, bytes })
    this.#bytes += bytes
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
      // Deleted first so the map stays in epoch order and the oldest record is always first.
      this.#purgedAt.delete(tag)
      this.#purgedAt.set(tag, epoch)
      for (const key of this.#byTag.get(tag) ?? []) {
        if (this.#delete(key)) evicted++
      }
    }
    // Records only matter to builds in flight. Forgetting the oldest is safe once every build
    // that started before them is refused.
    while (this.#purgedAt.size > this.#maxPurgeRecords) {
      const [oldest, at] = this.#purgedAt.entries().next().value as [string, number]
      this.#purgedAt.delete(oldest)
      this.#refusedBefore = Math.max(this.#refusedBefore, at)
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
    const stored = this.#entries.get(key)
    if (!stored) return false
    const { entry } = stored
    this.#entries.delete(key)
    this.#bytes -= stored.bytes
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) this.#byTag.delete(tag)
    }
    return true
  }
}

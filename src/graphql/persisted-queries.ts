import mercurius, { type PersistedQueryProvider } from 'mercurius'

export interface PersistedQueryOptions {
  /** Documents remembered (least recently used go first). */
  maxEntries: number
  /** Longer documents are answered but not remembered, which bounds memory to about entries × this. */
  maxQueryLength: number
}

/**
 * Automatic persisted queries (Apollo's protocol): a client sends only the SHA-256 of its document;
 * on PERSISTED_QUERY_NOT_FOUND it sends the document with the hash once, and from then on the hash
 * alone — over GET too, so a CDN caches a short URL per page. Kept in this process's memory: after
 * a restart, or on another instance, the client simply sends the document again.
 */
export function automaticPersistedQueries({ maxEntries, maxQueryLength }: PersistedQueryOptions): PersistedQueryProvider {
  const provider = mercurius.persistedQueryDefaults.automatic(maxEntries)
  const save = provider.saveQuery
  return {
    ...provider,
    saveQuery: async (hash, query) => {
      if (save && query.length <= maxQueryLength) await save(hash, query)
    },
  }
}

import { constants, PerformanceObserver } from 'node:perf_hooks'
import { getHeapSpaceStatistics } from 'node:v8'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'

/** One `memory` log line: process.memoryUsage() in bytes, and what the response cache holds. */
export interface MemorySample {
  rss: number
  heapTotal: number
  heapUsed: number
  external: number
  arrayBuffers: number
  /** Heap used just after the latest full (mark-compact) collection: what is live, without garbage. */
  heapAfterFullGc: number | null
  /** Bytes V8 reserved per heap space (new_space, old_space, code_space, large_object_space…). */
  heapSpaces: Record<string, number>
  responseCache: { entries: number; bytes: number } | null
}

export function memorySample(app: FastifyInstance, heapAfterFullGc: number | null): MemorySample {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage()
  const cache = app.responseCache
  const heapSpaces = Object.fromEntries(getHeapSpaceStatistics().filter((space) => space.space_size > 0).map((space) => [space.space_name, space.space_size]))
  return { rss, heapTotal, heapUsed, external, arrayBuffers, heapAfterFullGc, heapSpaces, responseCache: cache ? { entries: cache.size, bytes: cache.bytes } : null }
}

/**
 * Opt-in (MEMORY_LOG_INTERVAL_MS): logs a memory sample at that interval, from inside the
 * process, so a long run can be watched without a debugger attached. RSS alone cannot tell a
 * leak from V8 growing its heap to its working size; the heap left after a full collection,
 * external memory and the cache's own accounting can. The logger's level is raised to info for these lines only.
 */
export const memoryLogPlugin = fp(
  (app: FastifyInstance, config: Pick<Config, 'MEMORY_LOG_INTERVAL_MS'>, done: () => void) => {
    if (config.MEMORY_LOG_INTERVAL_MS > 0) {
      const log = app.log.child({ component: 'memory' }, { level: 'info' })
      // Heap used swings with garbage between collections; right after a full one it is the live
      // set, the figure that keeps rising when something leaks. Read as soon as one is reported.
      let heapAfterFullGc: number | null = null
      const gcs = new PerformanceObserver((list) => {
        const full = list.getEntries().some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        if (full) heapAfterFullGc = process.memoryUsage().heapUsed
      })
      gcs.observe({ entryTypes: ['gc'] })
      const timer = setInterval(() => { log.info({ memory: memorySample(app, heapAfterFullGc) }, 'memory') }, config.MEMORY_LOG_INTERVAL_MS)
      timer.unref()
      app.addHook('onClose', (_instance, hookDone) => {
        gcs.disconnect()
        clearInterval(timer)
        hookDone()
      })
    }
    done()
  },
  { name: 'memory-log', dependencies: ['response-cache'] },
)

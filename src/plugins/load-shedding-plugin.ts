import { getHeapStatistics } from 'node:v8'
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether requests are being shed now (readiness reports it). */
    overloaded(): boolean
  }
  interface FastifyContextConfig {
    /** false: the route answers even when the instance is overloaded (liveness, readiness). */
    loadShedding?: boolean
  }
}

export type LoadSheddingConfig = Pick<
  Config,
  | 'LOAD_SHEDDING'
  | 'LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS'
  | 'LOAD_SHED_MAX_HEAP_MB'
  | 'LOAD_SHED_MAX_RSS_MB'
  | 'LOAD_SHED_SAMPLE_INTERVAL_MS'
  | 'REQUEST_TIMEOUT_MS'
  | 'CONNECTION_TIMEOUT_MS'
>

/** Pressure episodes last about one sample; a few seconds lets a balancer try another instance first. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 5

const MB = 1024 * 1024

/** The thresholds in bytes and milliseconds; 0 means "not checked". */
export function pressureThresholds(config: LoadSheddingConfig): { maxEventLoopDelay: number; maxHeapUsedBytes: number; maxRssBytes: number } {
  if (!config.LOAD_SHEDDING) return { maxEventLoopDelay: 0, maxHeapUsedBytes: 0, maxRssBytes: 0 }
  // Near the heap limit V8 spends its time collecting garbage and then dies: stop taking work first.
  const heapMb = config.LOAD_SHED_MAX_HEAP_MB ?? Math.floor((0.9 * getHeapStatistics().heap_size_limit) / MB)
  return {
    maxEventLoopDelay: config.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: heapMb * MB,
    maxRssBytes: config.LOAD_SHED_MAX_RSS_MB * MB,
  }
}

/**
 * Bounds what one instance takes on. Under pressure (event-loop delay, heap or RSS over its
 * threshold, sampled by @fastify/under-pressure) requests are refused with 503 OVERLOADED before
 * any work is done, so the instance recovers instead of timing everyone out; routes marked
 * `loadShedding: false` still answer. Slow senders are cut off by the request and connection
 * timeouts. And while the app closes, every response says `Connection: close`, so a client's
 * next request opens a new connection (refused here, taken by another or the next instance)
 * instead of reusing this one and being refused with Fastify's own 503.
 */
export const loadSheddingPlugin = fp(
  async (app: FastifyInstance, config: LoadSheddingConfig) => {
    // Fastify copies these into the Node server when it creates it; set here so app.ts keeps
    // one line per concern. server.timeout is the socket inactivity limit (connectionTimeout).
    app.server.requestTimeout = config.REQUEST_TIMEOUT_MS
    app.server.setTimeout(config.CONNECTION_TIMEOUT_MS)

    const thresholds = pressureThresholds(config)
    // under-pressure measures from its registration, so the first samples include building the
    // app (seconds of synchronous work on a busy machine) and a fresh instance would shed its
    // first requests. Its verdict only counts from the second sample after the app is ready,
    // the first whose window starts after start-up.
    let armedAt = Number.POSITIVE_INFINITY
    app.addHook('onReady', (hookDone) => {
      armedAt = performance.now() + 2 * config.LOAD_SHED_SAMPLE_INTERVAL_MS + 100
      hookDone()
    })
    const armed = () => performance.now() >= armedAt
    // Always registered: with every threshold at 0 it adds no hook, and isUnderPressure() says false.
    await app.register(underPressure, {
      ...thresholds,
      sampleInterval: config.LOAD_SHED_SAMPLE_INTERVAL_MS,
      // under-pressure sends what the handler returns, or carries on when it returns undefined
      // (its types only admit the latter, hence the cast).
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) =>
        armed() ? shed(request, reply, type, value) : undefined) as unknown as (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => void,
    })
    app.decorate('overloaded', () => armed() && app.isUnderPressure())

    let closing = false
    app.addHook('preClose', (done) => {
      closing = true
      done()
    })
    app.addHook('onSend', (_request, reply, _payload, done) => {
      if (closing) void reply.header('connection', 'close')
      done()
    })
  },
  { name: 'load-shedding' },
)

/** The app's error shape (as RATE_LIMITED), or undefined to let an exempt route through. */
function shed(request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined): { error: Record<string, unknown> } | undefined {
  if (request.routeOptions.config.loadShedding === false) return undefined
  request.log.warn({ pressure: type, value }, 'overloaded: request shed')
  void reply.status(503).header('retry-after', String(OVERLOADED_RETRY_AFTER_SECONDS))
  return {
    error: {
      code: 'OVERLOADED',
      message: `The server is overloaded (${describe(type)}); retry in ${OVERLOADED_RETRY_AFTER_SECONDS} seconds`,
      retryAfterSeconds: OVERLOADED_RETRY_AFTER_SECONDS,
    },
  }
}

function describe(type: string): string {
  switch (type) {
    case 'eventLoopDelay':
      return 'event loop delayed'
    case 'heapUsedBytes':
      return 'heap nearly full'
    case 'rssBytes':
      return 'memory limit reached'
    default:
      return type
  }
}

import http from 'node:http'
import https from 'node:https'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database.js'
import { claimDueDeliveries, finishAttempt, type AttemptResult, type ClaimedAttempt } from './delivery-queue.js'
import { postWebhook, RESPONSE_BODY_LIMIT, type PostOutcome } from './post-webhook.js'
import { retryDelayMs } from './retry-schedule.js'
import type { SecretBox } from './secret-box.js'
import { signatureHeader } from './signing.js'
import { endpointSecretContext } from './webhook-settings.js'

export const USER_AGENT = 'Masthead-Webhooks/1'

export interface DeliveryWorkerOptions {
  db: Db
  secrets: SecretBox | undefined
  allowPrivateUrls: boolean
  timeoutMs: number
  maxAttempts: number
  retryBaseMs: number
  pollMs: number
  log: FastifyBaseLogger
  /** Deliveries claimed (and sent in parallel) per round. */
  batchSize?: number
  random?: () => number
}

/**
 * Sends what the outbox holds. Each round claims due deliveries (a leased claim: see
 * delivery-queue.ts), sends them with no transaction open, and records each attempt. Runs on a
 * timer while the app runs; `deliverDue` and `drain` run a round on demand (tests, tools).
 */
export class DeliveryWorker {
  readonly #options: Required<DeliveryWorkerOptions>
  // A claim outlives the slowest possible send (the timeout) with room for recording it.
  readonly #leaseMs: number
  readonly #agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) }
  readonly #rounds = new Set<Promise<number>>()
  #timer: NodeJS.Timeout | undefined
  #stopped = false

  constructor(options: DeliveryWorkerOptions) {
    this.#options = { batchSize: 10, random: Math.random, ...options }
    this.#leaseMs = options.timeoutMs + 60_000
  }

  /** Claims what is due now (one batch), sends it, records it; resolves with how many were attempted. */
  deliverDue(): Promise<number> {
    const round = this.#round()
    this.#rounds.add(round)
    void round.finally(() => this.#rounds.delete(round)).catch(() => undefined)
    return round
  }

  /**
   * Rounds until nothing is due now and no round (the timer's included) is still sending;
   * retries scheduled for later stay for later. Resolves with how many this call attempted.
   */
  async drain(): Promise<number> {
    let total = 0
    for (;;) {
      const attempted = await this.deliverDue()
      total += attempted
      const inFlight = [...this.#rounds]
      if (attempted === 0 && inFlight.length === 0) return total
      await Promise.allSettled(inFlight)
    }
  }

  start(): void {
    this.#stopped = false
    this.#schedule(0)
  }

  /** Stops polling and waits for sends in flight (each bounded by the timeout) to be recorded. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await Promise.allSettled([...this.#rounds])
    this.#agents.http.destroy()
    this.#agents.https.destroy()
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      void this.#tick()
    }, delayMs)
    this.#timer.unref()
  }

  async #tick(): Promise<void> {
    let attempted = 0
    try {
      attempted = await this.deliverDue()
    } catch (error) {
      this.#options.log.error({ err: error }, 'webhook delivery round failed')
    }
    // A full batch suggests more is waiting: go again at once.
    this.#schedule(attempted >= this.#options.batchSize ? 0 : this.#options.pollMs)
  }

  async #round(): Promise<number> {
    const claimed = await claimDueDeliveries(this.#options.db, this.#options.batchSize, this.#leaseMs)
    await Promise.all(claimed.map((attempt) => this.#attempt(attempt)))
    return claimed.length
  }

  async #attempt(claimed: ClaimedAttempt): Promise<void> {
    const { log, maxAttempts, retryBaseMs, random } = this.#options
    const outcome = await this.#send(claimed)
    const delivered = outcome.error === undefined
    const next: AttemptResult['next'] = delivered
      ? { status: 'delivered' }
      : claimed.attempt >= maxAttempts
        ? { status: 'failed' }
        : { status: 'pending', retryInMs: retryDelayMs(claimed.attempt, retryBaseMs, random) }
    const context = { deliveryId: claimed.deliveryId, endpointId: claimed.endpointId, eventId: claimed.eventId, attempt: claimed.attempt }
    try {
      await finishAttempt(this.#options.db, claimed, {
        durationMs: outcome.durationMs,
        responseStatus: outcome.status ?? null,
        error: outcome.error ?? null,
        responseBody: outcome.body ?? null,
        next,
      })
    } catch (error) {
      // The lease runs out and the delivery is tried again: at least once, never lost.
      log.error({ err: error, ...context }, 'webhook attempt could not be recorded')
      return
    }
    if (delivered) log.debug({ ...context, status: outcome.status }, 'webhook delivered')
    else log.warn({ ...context, status: outcome.status, error: outcome.error, next: next.status }, 'webhook attempt failed')
  }

  /** Signs and posts; secrets are decrypted just for this and never leave this function. */
  async #send(claimed: ClaimedAttempt): Promise<PostOutcome> {
    const { secrets, timeoutMs, allowPrivateUrls } = this.#options
    let signingSecrets: string[]
    try {
      if (!secrets) throw new Error('SECRETS_KEY is not configured, so signing secrets cannot be decrypted')
      const context = endpointSecretContext(claimed.endpointId)
      signingSecrets = [secrets.open(claimed.secretEncrypted, context)]
      if (claimed.previousSecretEncrypted) signingSecrets.push(secrets.open(claimed.previousSecretEncrypted, context))
    } catch (error) {
      return { error: (error as Error).message.slice(0, RESPONSE_BODY_LIMIT), durationMs: 0 }
    }
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': claimed.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(signingSecrets, claimed.eventId, timestamp, claimed.body),
    }
    return postWebhook(claimed.url, headers, claimed.body, { timeoutMs, allowPrivate: allowPrivateUrls, agents: this.#agents })
  }
}

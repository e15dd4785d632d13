import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { DeliveryWorker } from '../webhooks/delivery-worker.js'
import type { WebhookSettings } from '../webhooks/webhook-settings.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The webhook delivery worker; present when WEBHOOK_DELIVERY is on. */
    webhooks?: DeliveryWorker
  }
}

export interface WebhookWorkerOptions {
  config: Pick<Config, 'WEBHOOK_POLL_MS' | 'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_RETRY_BASE_MS'>
  settings: WebhookSettings
}

/**
 * Delivers webhooks in the background: starts polling once the app is ready (so what was left
 * pending by a previous run goes out first), and on close stops claiming at once, letting sends
 * in flight finish and be recorded before the database closes.
 */
export const webhookWorkerPlugin = fp(
  (app: FastifyInstance, { config, settings }: WebhookWorkerOptions, done: () => void) => {
    const worker = new DeliveryWorker({
      db: app.database.db,
      secrets: settings.secrets,
      allowPrivateUrls: settings.allowPrivateUrls,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      pollMs: config.WEBHOOK_POLL_MS,
      log: app.log.child({ component: 'webhooks' }),
    })
    app.decorate('webhooks', worker)
    app.addHook('onReady', (next) => {
      worker.start()
      next()
    })
    // Polling stops as soon as closing begins, but the wait for sends in flight is not done in
    // preClose: Fastify only stops accepting connections after every preClose hook, and a slow
    // one would hold the listener open. The sends finish while the HTTP requests do,
    // and are awaited in onClose, which runs before the database plugin's (hooks run in reverse
    // order of registration), so each outcome is still recorded. A send that outlives the
    // process (killed before the timeout) keeps its lease and is sent again when it runs out.
    let stopping: Promise<void> | undefined
    app.addHook('preClose', (hookDone) => {
      stopping = worker.stop()
      hookDone()
    })
    app.addHook('onClose', async () => {
      await (stopping ?? worker.stop())
    })
    done()
  },
  { name: 'webhook-worker', dependencies: ['database'] },
)

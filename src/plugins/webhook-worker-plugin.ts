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
 * pending by a previous run goes out first), and stops before the database closes, letting
 * sends in flight finish and be recorded.
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
    // preClose runs before any onClose hook, so the database is still open while in-flight sends are recorded.
    app.addHook('preClose', async () => {
      await worker.stop()
    })
    done()
  },
  { name: 'webhook-worker', dependencies: ['database'] },
)

import type { Config } from '../config.js'
import { parseSecretsKey, SecretBox } from './secret-box.js'

/** What the endpoint service and the delivery worker both need from the configuration. */
export interface WebhookSettings {
  /** Undefined when no SECRETS_KEY is configured: endpoints cannot be created then. */
  secrets: SecretBox | undefined
  allowPrivateUrls: boolean
}

export function webhookSettingsFromConfig(config: Pick<Config, 'SECRETS_KEY' | 'WEBHOOK_ALLOW_PRIVATE_URLS'>): WebhookSettings {
  return {
    secrets: config.SECRETS_KEY === undefined ? undefined : new SecretBox(parseSecretsKey(config.SECRETS_KEY)),
    allowPrivateUrls: config.WEBHOOK_ALLOW_PRIVATE_URLS,
  }
}

/** Associated data of an endpoint's encrypted secrets: they decrypt on that row only. */
export const endpointSecretContext = (endpointId: string): string => `webhook-endpoint:${endpointId}`

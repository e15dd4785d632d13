import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal } from '../auth/principal.js'
import type { Config } from '../config.js'
import { DomainError } from '../errors.js'

export type RateLimitConfig = Pick<Config, 'RATE_LIMIT_ENABLED' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_TRUSTED_TOKEN_IDS'>

/** Tokens share one budget wherever they are used from; the public is counted per address. */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal as Principal | null
  if (principal?.kind === 'token') return `token:${principal.id ?? 'environment-admin'}`
  return `address:${request.ip}`
}

/**
 * Per-token / per-address request budgets, answered with 429 and Retry-After when spent. Runs
 * after authentication (route-level hooks follow the global auth hook), so it knows the token.
 * Counters live in this process: with several instances each allows the budget, which bounds
 * abuse without a shared store.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, config: RateLimitConfig) => {
    if (!config.RATE_LIMIT_ENABLED) return
    const trusted = new Set(config.RATE_LIMIT_TRUSTED_TOKEN_IDS)
    await app.register(rateLimit, {
      global: true,
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
      keyGenerator: rateLimitKey,
      allowList: (request) => {
        const principal = request.principal as Principal | null
        return principal?.kind === 'token' && principal.id !== null && trusted.has(principal.id)
      },
      errorResponseBuilder: (_request, context) =>
        new DomainError('RATE_LIMITED', `Too many requests: the limit is ${context.max} per ${config.RATE_LIMIT_WINDOW_SECONDS} s. Retry in ${context.after}.`, {
          limit: context.max,
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        }),
    })
  },
  { name: 'rate-limit', dependencies: ['auth'] },
)

export const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000

/**
 * How long to wait after failed attempt number `attempt` (1-based): base × 2^(attempt-1), spread
 * by ±20% so endpoints that failed together do not all retry in the same instant, at most six
 * hours. With the default 30 s base and 12 attempts, retries span about fourteen hours.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1)
  const jitter = 0.8 + 0.4 * random()
  return Math.round(Math.min(MAX_RETRY_DELAY_MS, exponential * jitter))
}

import { sql } from 'drizzle-orm'
import type { Executor } from '../db/database.js'
import { intLiteral } from '../db/int-literal.js'
import type { DeliveryStatus } from '../db/tables/webhook-deliveries.js'
import { resultRows } from '../domain/articles/articles.repository.js'

/** One attempt a worker now owns: what to send, where, and with which secrets. */
export interface ClaimedAttempt {
  deliveryId: string
  /** 1 for the first attempt of this delivery. */
  attempt: number
  attemptId: number
  eventId: string
  body: string
  endpointId: string
  url: string
  secretEncrypted: string
  /** Set while a rotated-out secret still signs (its grace period). */
  previousSecretEncrypted: string | null
}

/**
 * Claims up to `limit` due deliveries in one statement: rows are locked FOR UPDATE SKIP LOCKED,
 * so workers of several instances claiming at the same moment get disjoint rows, and leased
 * (locked_until) for `leaseMs`, so nobody else takes them until the lease ends — the same
 * statement starts the attempt's row. A worker that dies mid-send leaves the lease to expire and
 * the delivery is claimed again: at-least-once. Endpoints that are disabled are paused, not
 * failed. No transaction stays open: the HTTP calls happen after this returns.
 */
export async function claimDueDeliveries(exec: Executor, limit: number, leaseMs: number): Promise<ClaimedAttempt[]> {
  const result = await exec.execute(sql`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
        AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled)
      ORDER BY d.next_attempt_at
      LIMIT ${intLiteral(limit)}
      FOR UPDATE OF d SKIP LOCKED
    ), claimed AS (
      UPDATE webhook_deliveries d
      SET locked_until = now() + ${leaseMs}::integer * interval '1 millisecond', attempt_count = d.attempt_count + 1, last_attempt_at = now()
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.event_id, d.endpoint_id, d.attempt_count
    ), started AS (
      INSERT INTO webhook_attempts (delivery_id, number) SELECT id, attempt_count FROM claimed
      RETURNING id, delivery_id
    )
    SELECT c.id AS delivery_id, c.attempt_count, s.id AS attempt_id, ev.id AS event_id, ev.body, ep.id AS endpoint_id, ep.url,
      ep.secret_encrypted, CASE WHEN ep.previous_secret_expires_at > now() THEN ep.previous_secret_encrypted END AS previous_secret_encrypted
    FROM claimed c
    JOIN started s ON s.delivery_id = c.id
    JOIN webhook_events ev ON ev.id = c.event_id
    JOIN webhook_endpoints ep ON ep.id = c.endpoint_id`)
  return resultRows(result).map((row) => ({
    deliveryId: String(row.delivery_id),
    attempt: Number(row.attempt_count),
    attemptId: Number(row.attempt_id),
    eventId: String(row.event_id),
    body: String(row.body),
    endpointId: String(row.endpoint_id),
    url: String(row.url),
    secretEncrypted: String(row.secret_encrypted),
    previousSecretEncrypted: (row.previous_secret_encrypted as string | null) ?? null,
  }))
}

export interface AttemptResult {
  durationMs: number
  responseStatus: number | null
  error: string | null
  responseBody: string | null
  /** What the delivery becomes: delivered, failed (gave up), or pending again after `retryInMs`. */
  next: { status: Exclude<DeliveryStatus, 'pending'> } | { status: 'pending'; retryInMs: number }
}

/**
 * Records how an attempt ended and moves its delivery on, in one statement. The delivery only
 * changes if this is still its latest attempt: when a lease ran out and another worker took the
 * delivery over, that worker's outcome is the one that counts (this attempt is still recorded).
 */
export async function finishAttempt(exec: Executor, claimed: ClaimedAttempt, result: AttemptResult): Promise<void> {
  const retryInMs = result.next.status === 'pending' ? result.next.retryInMs : 0
  await exec.execute(sql`
    WITH recorded AS (
      UPDATE webhook_attempts
      SET duration_ms = ${result.durationMs}, response_status = ${result.responseStatus}, error = ${result.error}, response_body = ${result.responseBody}
      WHERE id = ${claimed.attemptId}
    )
    UPDATE webhook_deliveries
    SET status = ${result.next.status}, locked_until = NULL,
      next_attempt_at = CASE WHEN ${result.next.status} = 'pending' THEN now() + ${retryInMs}::integer * interval '1 millisecond' ELSE next_attempt_at END,
      finished_at = CASE WHEN ${result.next.status} = 'pending' THEN NULL ELSE now() END
    WHERE id = ${claimed.deliveryId}::uuid AND attempt_count = ${claimed.attempt}`)
}

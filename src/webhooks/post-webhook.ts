import http from 'node:http'
import https from 'node:https'
import { guardedLookup, refuseLiteral } from './url-guard.js'

/** How much of a receiver's answer is kept for the delivery log. */
export const RESPONSE_BODY_LIMIT = 1024

export interface PostOutcome {
  /** The response status, when there was a response. */
  status?: number
  /** The first kilobyte of the response body. */
  body?: string
  /** Why the attempt did not succeed, when it did not (no response, or not a 2xx). */
  error?: string
  durationMs: number
}

export interface PostOptions {
  timeoutMs: number
  allowPrivate: boolean
  /** Keep-alive agents owned by the worker (destroyed when it stops). */
  agents: { http: http.Agent; https: https.Agent }
}

/**
 * POSTs one webhook. Connects only to addresses the URL guard allows (checked on the address
 * actually connected to), never follows a redirect (a 3xx is a failure), and gives up after
 * timeoutMs for the whole exchange. Never throws: every outcome is something to record.
 */
export async function postWebhook(target: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<PostOutcome> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const url = new URL(target)
    refuseLiteral(url, options.allowPrivate)
    const response = await send(url, { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body, options)
    const outcome = { status: response.status, body: response.body, durationMs: elapsed() }
    if (response.status >= 200 && response.status < 300) return outcome
    const error =
      response.status >= 300 && response.status < 400
        ? `redirected (${response.status}${response.location ? ` to ${response.location}` : ''}); redirects are not followed: register the final URL`
        : `the endpoint answered ${response.status}`
    return { ...outcome, error }
  } catch (error) {
    return { error: describe(error, options.timeoutMs), durationMs: elapsed() }
  }
}

function send(url: URL, headers: Record<string, string>, body: string, options: PostOptions): Promise<{ status: number; body: string; location?: string | undefined }> {
  const secure = url.protocol === 'https:'
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        headers,
        agent: secure ? options.agents.https : options.agents.http,
        lookup: guardedLookup(options.allowPrivate),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          size += chunk.length
          // Enough to debug with; the rest is not worth the time or the memory.
          if (size >= RESPONSE_BODY_LIMIT) response.destroy()
        })
        response.on('error', reject)
        response.on('close', () => {
          const location = response.headers.location
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'), location })
        })
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

function describe(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error)
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`
  return error.message.slice(0, RESPONSE_BODY_LIMIT)
}

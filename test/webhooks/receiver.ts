import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

interface Teardown {
  teardown(fn: () => unknown): void
}

/** How the receiver answers its nth request (0-based); it may also never answer. */
export type Answer = (request: Received, index: number, response: ServerResponse) => void

export const answerWith =
  (...statuses: number[]): Answer =>
  (_request, index, response) => {
    response.writeHead(statuses[Math.min(index, statuses.length - 1)] ?? 200, { 'content-type': 'text/plain' }).end(`answer ${index + 1}`)
  }

/** A webhook receiver on 127.0.0.1 (port 0) that keeps what it was sent. */
export async function startReceiver(t: Teardown, answer: Answer = answerWith(200)): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const entry = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(entry)
      answer(entry, received.length - 1, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received }
}

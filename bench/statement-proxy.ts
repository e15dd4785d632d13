import net from 'node:net'

/**
 * Counts the SQL statements Masthead sends, without touching Masthead or the server config
 * (pg_stat_statements is not preloaded here): a TCP proxy in front of PostgreSQL that reads
 * the frontend protocol and counts Execute ('E', extended protocol) and Query ('Q', simple
 * protocol) messages. It costs CPU, so it is used only in a separate, low-rate counting pass,
 * never during the timed runs.
 */

const PROTOCOL_3 = 196_608
const SSL_REQUEST = 80_877_103
const GSS_REQUEST = 80_877_104

export interface StatementProxy {
  port: number
  /** Statements seen so far across all connections. */
  count(): number
  close(): Promise<void>
}

export async function startStatementProxy(targetPort: number): Promise<StatementProxy> {
  let statements = 0
  const sockets = new Set<net.Socket>()

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(client)
    sockets.add(upstream)
    let pending: Buffer = Buffer.alloc(0)
    let started = false

    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk)
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      // Walk whole messages; keep a partial one for the next chunk.
      for (;;) {
        if (!started) {
          if (pending.length < 8) break
          const length = pending.readInt32BE(0)
          if (pending.length < length) break
          const code = pending.readInt32BE(4)
          if (code === PROTOCOL_3) started = true
          else if (code !== SSL_REQUEST && code !== GSS_REQUEST) started = true
          pending = pending.subarray(length)
          continue
        }
        if (pending.length < 5) break
        const length = pending.readInt32BE(1)
        if (pending.length < 1 + length) break
        const type = String.fromCharCode(pending[0] ?? 0)
        if (type === 'E' || type === 'Q') statements++
        pending = pending.subarray(1 + length)
      }
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    const closeBoth = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('close', closeBoth)
    upstream.on('close', closeBoth)
    client.on('error', closeBoth)
    upstream.on('error', closeBoth)
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')
  return {
    port: address.port,
    count: () => statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => { resolve() })
      }),
  }
}

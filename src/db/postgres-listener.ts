import pg from 'pg'

export interface ListenerHandlers {
  onMessage: (payload: string) => void
  onGap: () => void
}

const RETRY_MS = { first: 250, max: 10_000 }

/**
 * LISTEN needs a session of its own (a pooled connection goes back to the pool), so it gets a
 * dedicated client. When that connection drops, it reconnects with backoff and reports a gap:
 * notifications sent meanwhile are lost, and whoever relied on them must assume the worst.
 */
export async function listenOnOwnConnection(
  options: { url: string; onPoolError: (error: Error) => void },
  channel: string,
  handlers: ListenerHandlers,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let stopped = false
  let retryMs = RETRY_MS.first
  let retryTimer: NodeJS.Timeout | undefined

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url })
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onMessage(message.payload ?? '')
    })
    next.on('error', (error) => {
      options.onPoolError(error)
      reconnectLater(next)
    })
    next.on('end', () => {
      reconnectLater(next)
    })
    await next.connect()
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    client = next
    retryMs = RETRY_MS.first
  }

  const reconnectLater = (lost: pg.Client) => {
    if (stopped || client !== lost || retryTimer) return
    client = undefined
    handlers.onGap()
    const attempt = () => {
      retryTimer = undefined
      if (stopped) return
      connect().then(
        // Anything sent between the loss and now was missed.
        () => {
          handlers.onGap()
        },
        (error: unknown) => {
          options.onPoolError(error instanceof Error ? error : new Error(String(error)))
          retryMs = Math.min(retryMs * 2, RETRY_MS.max)
          retryTimer = setTimeout(attempt, retryMs)
          retryTimer.unref()
        },
      )
    }
    retryTimer = setTimeout(attempt, retryMs)
    retryTimer.unref()
  }

  await connect()
  return async () => {
    stopped = true
    if (retryTimer) clearTimeout(retryTimer)
    const current = client
    client = undefined
    await current?.end()
  }
}

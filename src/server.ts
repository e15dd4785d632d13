import path from 'node:path'
import { buildApp } from './app.js'
import { fatalMessage } from './cli/fatal-message.js'
import { bootstrapAdminToken } from './auth/bootstrap-admin-token.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { databaseTargetFromConfig, openDatabase } from './db/open-database.js'
import { applyHeapGrowingPercent } from './heap-growing-factor.js'
import { isDatabaseEmpty } from './seed/database-state.js'
import { seedDemoPublication } from './seed/seed-demo.js'
import { loadOrCreateSecretsKey } from './webhooks/secrets-key-file.js'

/** Process entry: config, database (migrated), optional demo content, listen, graceful shutdown. */
async function main(): Promise<void> {
  const startedAt = performance.now()
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  applyHeapGrowingPercent(config.V8_HEAP_GROWING_PERCENT)

  const target = databaseTargetFromConfig(config)
  const database = await openDatabase(target, (error) => {
    console.error('database pool error:', error.message)
  })
  await database.migrate()

  // First start on the embedded database: an admin token in a file only the owner can read.
  if (target.kind === 'pglite' && config.ADMIN_TOKEN === undefined) {
    const tokenFile = await bootstrapAdminToken(database.db, path.resolve(config.DATA_DIR))
    if (tokenFile) console.log(`Admin token written to ${tokenFile} (readable only by you); create others with npm run token -- create --role editor --name "..."`)
  }

  // Webhook secrets are stored encrypted; the embedded database keeps its key beside its data.
  // A server database needs SECRETS_KEY (instances must share it), else webhooks stay unavailable.
  if (target.kind === 'pglite' && config.SECRETS_KEY === undefined) {
    config = { ...config, SECRETS_KEY: await loadOrCreateSecretsKey(path.resolve(config.DATA_DIR)) }
  }

  // The embedded database gets demo content when empty; a server database only when asked.
  const wantsDemo = config.SEED_DEMO_CONTENT ?? target.kind === 'pglite'
  const seeded = wantsDemo && (await isDatabaseEmpty(database.db)) ? await seedDemoPublication(database.db, new Date()) : undefined

  const app = await buildApp({ config, database })
  // Graceful: stop accepting connections, finish the requests and webhook sends in flight, close
  // the database, exit 0. Bounded: whatever is still running after SHUTDOWN_TIMEOUT_MS is
  // abandoned (exit 1); nothing is lost by that, as writes are transactions and a webhook send
  // keeps its lease and goes out again from the next instance.
  let shuttingDown = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      // A repeated SIGTERM (some supervisors send several) must not cut the drain short; a second
      // Ctrl-C is a person who does not want to wait.
      if (signal === 'SIGINT') process.exit(130)
      return
    }
    shuttingDown = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    setTimeout(() => {
      app.log.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out: exiting with work still in flight')
      process.exit(1)
    }, config.SHUTDOWN_TIMEOUT_MS).unref()
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)

  await app.listen({ port: config.PORT, host: config.HOST })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.PORT
  const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`
  const where = target.kind === 'pglite' ? `embedded PGlite in ${target.dataDir ?? 'memory'}` : 'PostgreSQL (DATABASE_URL)'
  console.log(`
Masthead is up (${where}) in ${Math.round(performance.now() - startedAt)} ms${seeded ? `, demo content loaded: ${seeded.articles} articles` : ''}.
  GraphQL   ${base}/graphql
  GraphiQL  ${base}/graphiql
  Health    ${base}/healthz  ${base}/readyz

Try:
  curl -s ${base}/graphql -H 'content-type: application/json' \\
    -d '{"query":"{ latest(first: 3) { slug headline section { name } authors { name } } }"}'
`)
}

main().catch((error: unknown) => {
  console.error('Masthead failed to start:', fatalMessage(error))
  process.exit(1)
})

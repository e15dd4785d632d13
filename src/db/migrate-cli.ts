import { fatalMessage } from '../cli/fatal-message.js'
import { loadConfig } from '../config.js'
import { databaseTargetFromConfig, openDatabase } from './open-database.js'

/** `npm run db:migrate`: applies pending migrations (the server also does this at start-up). */
async function main(): Promise<void> {
  const database = await openDatabase(databaseTargetFromConfig(loadConfig()), (error) => {
    console.error('database pool error:', error.message)
  })
  try {
    await database.migrate()
    console.log(`Migrations applied (${database.kind}).`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(fatalMessage(error))
  process.exit(1)
})

import { fatalMessage } from '../cli/fatal-message.js'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../config.js'
import { databaseTargetFromConfig, openDatabase } from '../db/open-database.js'
import { isDatabaseEmpty } from './database-state.js'
import { seedDemoPublication } from './seed-demo.js'

/**
 * `npm run seed` loads the demo publication into the configured database (DATABASE_URL, or the
 * embedded one in DATA_DIR). It refuses a database that has content unless `--replace` is given,
 * which deletes all content first.
 */
async function main(): Promise<void> {
  const replace = process.argv.includes('--replace')
  const config = loadConfig()
  const database = await openDatabase(databaseTargetFromConfig(config), (error) => {
    console.error('database pool error:', error.message)
  })
  try {
    await database.migrate()
    if (!(await isDatabaseEmpty(database.db))) {
      if (!replace) {
        console.error('The database already has content. Run `npm run seed -- --replace` to delete it and load the demo publication.')
        process.exitCode = 1
        return
      }
      await database.db.execute(
        sql`TRUNCATE slug_redirects, related_links, article_tags, article_authors, articles, promo_blocks, tags, authors, sections, media_assets, site_settings`,
      )
    }
    const summary = await seedDemoPublication(database.db, new Date())
    console.log(`Demo publication loaded: ${summary.articles} articles, ${summary.sections} sections, ${summary.authors} authors, ${summary.media} images.`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(fatalMessage(error))
  process.exit(1)
})

import { sql } from 'drizzle-orm'
import t from 'tap'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { openTestDatabase } from '../helpers/test-database.js'

t.test('migrations apply once and are idempotent', async (t) => {
  const { database, drop } = await openTestDatabase()
  t.teardown(drop)
  await database.migrate()
  const tables = resultRows(
    await database.db.execute(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`),
  ).map((row) => row.table_name)
  t.same(tables, ['article_authors', 'article_tags', 'articles', 'authors', 'media_assets', 'promo_blocks', 'related_links', 'sections', 'site_settings', 'slug_redirects', 'tags'])
  const applied = resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]?.n
  t.equal(applied, 1)
})

t.test('instances starting at once do not race (advisory lock)', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, async (t) => {
  const { database, url, drop } = await openTestDatabase()
  t.teardown(drop)
  // Wipe what the helper applied, then let five "instances" migrate the empty database together.
  await database.db.execute(sql`DROP SCHEMA public CASCADE; DROP SCHEMA drizzle CASCADE; CREATE SCHEMA public`)
  const instances = Array.from({ length: 5 }, () => openPostgresDatabase({ url: url ?? '', poolMax: 2, onPoolError: () => undefined }))
  t.teardown(() => Promise.all(instances.map((instance) => instance.close())))
  const results = await Promise.allSettled(instances.map((instance) => instance.migrate()))
  t.same(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
  const applied = resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]?.n
  t.equal(applied, 1, 'each migration recorded once')
})

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { getTableName, is, sql } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import t from 'tap'
import * as tables from '../../src/db/tables/index.js'
import { migrationsFolder } from '../../src/paths.js'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { openTestDatabase } from '../helpers/test-database.js'

const declaredTables = Object.values(tables)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table))
  .sort()
const journalEntries = (JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length

t.test('migrations apply once and are idempotent', async (t) => {
  const { database, drop } = await openTestDatabase()
  t.teardown(drop)
  await database.migrate()
  const created = resultRows(
    await database.db.execute(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`),
  )
    .map((row) => String(row.table_name))
    .sort()
  t.same(created, declaredTables, 'the migrations create exactly the tables src/db/tables declares')
  const applied = resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]?.n
  t.equal(applied, journalEntries, 'every migration in the journal, once')
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
  t.equal(applied, journalEntries, 'each migration recorded once')
})

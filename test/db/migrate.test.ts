import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getTableName, is, sql } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import t from 'tap'
import * as tables from '../../src/db/tables/index.js'
import { migrationsFolder } from '../../src/paths.js'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { copyOfMigrations } from '../helpers/migrations-copy.js'
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

t.test('a migration may run longer than the statement timeout of requests', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, async (t) => {
  const { database: setup, url, drop } = await openTestDatabase()
  t.teardown(drop)
  await setup.db.execute(sql`DROP SCHEMA public CASCADE; DROP SCHEMA drizzle CASCADE; CREATE SCHEMA public`)
  // One slow migration, as a backfill of a large database would be.
  const folder = copyOfMigrations(t, (entries) => {
    const last = entries.at(-1)
    return last ? [...entries, { ...last, idx: last.idx + 1, when: last.when + 1, tag: 'slow' }] : entries
  })
  writeFileSync(path.join(folder, 'slow.sql'), 'SELECT pg_sleep(0.6);')
  const database = openPostgresDatabase({ url: url ?? '', poolMax: 1, statementTimeoutMs: 200, migrationsFolder: folder, onPoolError: () => undefined })
  t.teardown(() => database.close())
  await database.migrate()
  const applied = resultRows(await database.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]?.n
  t.equal(applied, journalEntries + 1, 'all applied, the slow one too, not cancelled')
  const request = await database.db.execute(sql`SELECT pg_sleep(0.6)`).then(() => null, (error: unknown) => error as { cause?: { code?: string } })
  t.equal(request?.cause?.code, '57014', 'a request of the same length is still cancelled')
})

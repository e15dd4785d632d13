import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import pg from 'pg'
import t from 'tap'
import type { Database } from '../../src/db/database.js'
import { intLiteral } from '../../src/db/int-literal.js'
import { openPostgresDatabase, type PlanCacheMode } from '../../src/db/postgres-database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { openTestDatabase } from '../helpers/test-database.js'

// Prepared statements are a node-postgres connection's business; PGlite has none to check.
const skip = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL'

// pg_prepared_statements is per connection: a pool of one keeps every statement on it.
async function onOneConnection(t: { teardown(fn: () => unknown): void }, preparedStatements: boolean, planCacheMode?: PlanCacheMode) {
  const { url, drop } = await openTestDatabase()
  t.teardown(drop)
  const database = openPostgresDatabase({ url: url ?? '', poolMax: 1, onPoolError: () => undefined, preparedStatements, ...(planCacheMode ? { planCacheMode } : {}) })
  t.teardown(() => database.close())
  // Without parameters, so this probe is not prepared itself.
  const prepared = async () =>
    resultRows(await database.db.execute(sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%masthead-probe%'`))
  return { database, prepared }
}

t.test('parameterised statements are prepared once per connection and reused', { skip }, async (t) => {
  const { database, prepared } = await onOneConnection(t, true)
  for (const n of [1, 2, 3]) {
    const rows = resultRows(await database.db.execute(sql`SELECT ${n}::int + 1 AS answer /* masthead-probe */`))
    t.equal(rows[0]?.answer, n + 1, 'each run binds its own values')
  }
  const statements = await prepared()
  t.equal(statements.filter((row) => String(row.statement).includes('answer')).length, 1, 'three runs, one prepared statement')
})

t.test('statements without parameters keep the simple protocol (BEGIN, multi-statement scripts)', { skip }, async (t) => {
  const { database, prepared } = await onOneConnection(t, true)
  await database.db.execute(sql.raw(`SELECT 1 AS one /* masthead-probe plain */; SELECT 2 AS two`))
  t.equal((await prepared()).filter((row) => String(row.statement).includes('plain')).length, 0)
})

t.test('DATABASE_PREPARED_STATEMENTS=false prepares nothing (for poolers that cannot keep them)', { skip }, async (t) => {
  const { database, prepared } = await onOneConnection(t, false)
  const rows = resultRows(await database.db.execute(sql`SELECT ${41}::int + 1 AS answer /* masthead-probe */`))
  t.equal(rows[0]?.answer, 42)
  t.equal((await prepared()).length, 0)
})

const planCacheModeOf = async (database: Pick<Database, 'db'>) =>
  resultRows(await database.db.execute(sql.raw('SHOW plan_cache_mode')))[0]?.plan_cache_mode

t.test('connections plan prepared statements generically unless told otherwise', { skip }, async (t) => {
  t.equal(await planCacheModeOf((await onOneConnection(t, true)).database), 'force_generic_plan', 'the default')
  t.equal(await planCacheModeOf((await onOneConnection(t, true, 'auto')).database), 'auto', "DATABASE_PLAN_CACHE_MODE=auto keeps the server's own setting")
  t.equal(await planCacheModeOf((await onOneConnection(t, true, 'force_custom_plan')).database), 'force_custom_plan')
  t.equal(await planCacheModeOf((await onOneConnection(t, false)).database), 'auto', 'without prepared statements nothing is sent (a pooler may refuse startup options)')
})

const jitOf = async (database: Pick<Database, 'db'>) => resultRows(await database.db.execute(sql.raw('SHOW jit')))[0]?.jit

t.test('connections never JIT-compile (an estimate past jit_above_cost cost 245 ms of a 4 ms page)', { skip }, async (t) => {
  t.equal(await jitOf((await onOneConnection(t, true)).database), 'off')
  t.equal(await jitOf((await onOneConnection(t, true, 'auto')).database), 'off', 'whatever the plan cache mode')
  const server = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await server.connect()
  const serverSetting = (await server.query<{ jit: string }>('SHOW jit')).rows[0]?.jit
  await server.end()
  t.equal(await jitOf((await onOneConnection(t, false)).database), serverSetting, "without prepared statements the server's setting stands (set it there)")
})

t.test('intLiteral writes counts into the statement, and only counts', (t) => {
  t.same(new PgDialect().sqlToQuery(sql`LIMIT ${intLiteral(21)}`), { sql: 'LIMIT 21', params: [] }, 'a literal, no parameter')
  for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) t.throws(() => intLiteral(bad), /non-negative integer/, String(bad))
  t.end()
})

import { sql } from 'drizzle-orm'
import t from 'tap'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'
import { MAX_PER_CONNECTION, namedStatementTexts, statementName } from '../../src/db/preparing-client.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { openTestDatabase } from '../helpers/test-database.js'

// Prepared statements are a node-postgres connection's business; PGlite has none to check.
const skip = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL'

// pg_prepared_statements is per connection: a pool of one keeps every statement on it.
async function onOneConnection(t: { teardown(fn: () => unknown): void }, preparedStatements: boolean) {
  const { url, drop } = await openTestDatabase()
  t.teardown(drop)
  const database = openPostgresDatabase({ url: url ?? '', poolMax: 1, onPoolError: () => undefined, preparedStatements })
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

t.test('a connection keeps its most recently used statements, deallocating the oldest on both sides', { skip }, async (t) => {
  const { database, prepared } = await onOneConnection(t, true)
  const probe = async (n: number) => {
    // Each n is its own statement text; the parameter makes it a prepared one.
    const rows = resultRows(await database.db.execute(sql`SELECT ${1}::int + ${sql.raw(String(n))} AS answer /* masthead-probe */`))
    return rows[0]?.answer
  }
  const total = MAX_PER_CONNECTION + 25
  for (let n = 0; n < total; n++) t.equal(await probe(n), n + 1, `statement ${n} answers`)
  const kept = (await prepared()).map((row) => String(row.statement))
  t.ok(kept.length <= MAX_PER_CONNECTION, `at most ${MAX_PER_CONNECTION} kept on the server (${kept.length})`)
  t.ok(kept.some((text) => text.includes(`+ ${total - 1} AS`)), 'the newest statement is prepared, not run unnamed')
  t.notOk(kept.some((text) => text.includes('+ 0 AS')), 'the least recently used one was deallocated')
  t.equal(await probe(0), 1, 'a deallocated statement is prepared again when it comes back')
  await database.db.transaction(async (tx) => {
    for (let n = total; n < total + 10; n++) t.equal(resultRows(await tx.execute(sql`SELECT ${1}::int + ${sql.raw(String(n))} AS answer /* masthead-probe */`))[0]?.answer, n + 1)
  })
  t.pass('deallocating inside a transaction leaves it to commit')
  t.ok((await prepared()).length <= MAX_PER_CONNECTION)
})

t.test('the text → name map is bounded however many texts come', (t) => {
  for (let n = 0; n < 5000; n++) statementName(`SELECT $1::int + ${n} /* name-map probe */`)
  t.ok(namedStatementTexts().count <= 2000, `${namedStatementTexts().count} texts kept`)
  const long = `SELECT $1 /* ${'x'.repeat(400_000)} */`
  for (let n = 0; n < 30; n++) statementName(`${long} ${n}`)
  t.ok(namedStatementTexts().characters <= 8 * 1024 * 1024, `${namedStatementTexts().characters} characters kept`)
  t.equal(statementName('SELECT $1 /* again */'), statementName('SELECT $1 /* again */'), 'one text, one name, evicted or not')
  t.end()
})

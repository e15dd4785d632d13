import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Database } from '../../src/db/database.js'
import { openPgliteDatabase } from '../../src/db/pglite-database.js'
import { openPostgresDatabase } from '../../src/db/postgres-database.js'

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default; with
 * TEST_DATABASE_URL, a database of its own on that server, dropped afterwards, so files run in
 * parallel and runs repeat.
 */
export async function openTestDatabase(): Promise<{ database: Database; url?: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) {
    const database = await openPgliteDatabase(undefined)
    await database.migrate()
    return { database, drop: () => database.close() }
  }
  const name = `masthead_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = openPostgresDatabase({ url: url.toString(), poolMax: 5, onPoolError: () => undefined })
  await database.migrate()
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close()
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

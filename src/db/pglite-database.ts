import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { fillMissingRenditions } from '../domain/renditions/fill-missing-renditions.js'
import { migrationsFolder } from '../paths.js'
import { lockDataDir } from './data-dir-lock.js'
import type { Database, Db } from './database.js'
import { StatementCounter } from './statement-counter.js'
import * as tables from './tables/index.js'

/**
 * Embedded PostgreSQL (WASM) in a folder, or in memory when `dataDir` is undefined. One process
 * owns the folder; PGlite serialises queries itself, so no lock is needed around migrations.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  const unlock = dataDir === undefined ? () => undefined : lockDataDir(dataDir)
  let client: PGlite
  try {
    client = await PGlite.create(dataDir === undefined ? {} : { dataDir })
  } catch (error) {
    unlock()
    throw error
  }
  const statements = new StatementCounter()
  const db = drizzle({ client, schema: tables, logger: statements })
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    statements,
    async query(text, params) {
      statements.logQuery()
      return (await client.query<Record<string, unknown>>(text, params)).rows
    },
    async migrate() {
      await migrate(db, { migrationsFolder })
      await fillMissingRenditions(db)
    },
    // One embedded connection: nothing can be missed while the process runs.
    async listen(channel, { onMessage }) {
      return client.listen(channel, onMessage)
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      if (!client.closed) await client.close()
      unlock()
    },
  }
}

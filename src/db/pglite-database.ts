import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { migrationsFolder } from '../paths.js'
import type { Database, Db } from './database.js'
import { StatementCounter } from './statement-counter.js'
import * as tables from './tables/index.js'

/**
 * Embedded PostgreSQL (WASM) in a folder, or in memory when `dataDir` is undefined. One process
 * owns the folder; PGlite serialises queries itself, so no lock is needed around migrations.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir === undefined ? {} : { dataDir })
  const statements = new StatementCounter()
  const db = drizzle({ client, schema: tables, logger: statements })
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    statements,
    async migrate() {
      await migrate(db, { migrationsFolder })
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

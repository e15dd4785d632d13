import { defineConfig } from 'drizzle-kit'

// Used only by `npm run db:generate`: it diffs src/db/tables against migrations/ and writes SQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/tables/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
})

import { randomBytes } from 'node:crypto'
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { count } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { apiTokens } from '../db/tables/api-tokens.js'
import { issueToken, OPERATOR } from '../domain/tokens/tokens.service.js'

/**
 * On a database that has never had a token (revoked ones count), issues an admin token and
 * writes it to `<dataDir>/admin-token`, readable only by the owner, so whoever started the
 * embedded database can use the editors' API without setting ADMIN_TOKEN. Returns the file's
 * path, or undefined when tokens exist already. The token itself is never printed.
 */
export async function bootstrapAdminToken(db: Db, dataDir: string): Promise<string | undefined> {
  const file = path.join(dataDir, 'admin-token')
  // The file is written inside the transaction: if writing fails, no token nobody knows is left
  // behind, and the next start tries again.
  return db.transaction(async (tx) => {
    const [tokens] = await tx.select({ total: count() }).from(apiTokens)
    if ((tokens?.total ?? 0) > 0) return undefined
    const { token } = await issueToken(tx, OPERATOR, { name: 'bootstrap admin', role: 'admin' })
    await writeOwnerOnly(file, `${token}\n`)
    return file
  })
}

/**
 * Created owner-only from the first byte ('wx' with mode 0o600 on a fresh temporary name), then
 * chmod in case the umask took more away, then renamed into place: a stale file left by an
 * earlier database is replaced, and a symlink at that path is replaced, never followed.
 */
export async function writeOwnerOnly(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temporary, content, { mode: 0o600, flag: 'wx' })
    await chmod(temporary, 0o600)
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

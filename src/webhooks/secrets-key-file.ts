import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { writeOwnerOnly } from '../auth/bootstrap-admin-token.js'
import { parseSecretsKey } from './secret-box.js'

/**
 * The embedded database's SECRETS_KEY when none is configured: `<dataDir>/secrets-key`, made on
 * first start and readable only by the owner, like the bootstrap admin token. Losing it makes
 * stored webhook secrets undecryptable (deliveries then fail until secrets are rotated), so an
 * unreadable file stops the start rather than being replaced.
 */
export async function loadOrCreateSecretsKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secrets-key')
  let existing: string | undefined
  try {
    existing = (await readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (existing !== undefined) {
    try {
      parseSecretsKey(existing)
    } catch {
      throw new Error(`${file} does not hold a valid key (32 bytes, base64): restore it, or delete it and rotate every webhook secret`)
    }
    return existing
  }
  const key = randomBytes(32).toString('base64')
  await writeOwnerOnly(file, `${key}\n`)
  return key
}

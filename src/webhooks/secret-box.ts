import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 'v1'

/** SECRETS_KEY: 32 bytes, as 64 hex digits or base64 (what `openssl rand -base64 32` prints). */
export function parseSecretsKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')
  if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64 or hex')
  return key
}

export class SecretDecryptionError extends Error {
  constructor() {
    super('the signing secret cannot be decrypted: SECRETS_KEY is not the key it was stored with (rotate the secret to replace it)')
    this.name = 'SecretDecryptionError'
  }
}

/**
 * Encrypts secrets that must stay usable (webhook signing secrets) with AES-256-GCM. Each value
 * is bound to what it belongs to (`context`, e.g. the endpoint's id) as associated data, so a
 * ciphertext copied onto another row does not decrypt. Stored as `v1:<iv>:<tag>:<ciphertext>`.
 */
export class SecretBox {
  readonly #key: Buffer

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('an AES-256 key is 32 bytes')
    this.#key = key
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    cipher.setAAD(Buffer.from(context))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':')
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(':')
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretDecryptionError()
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'), { authTagLength: 16 })
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(Buffer.from(tag, 'base64'))
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8')
    } catch {
      throw new SecretDecryptionError()
    }
  }

  // Never printed, whatever logs the object.
  toJSON(): string {
    return '[SecretBox]'
  }
}

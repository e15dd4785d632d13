import { createHash } from 'node:crypto'
import { BadUserInputError } from '../errors.js'

/**
 * Single resources carry a strong ETag derived from their version, so the same value serves
 * If-None-Match (304) and If-Match (optimistic locking on PATCH/DELETE).
 */
export function versionEtag(version: number): string {
  return `"v${version}"`
}

/** Other responses (lists, pages, GraphQL over GET): a strong ETag from the bytes sent. */
export function contentEtag(body: string | Buffer): string {
  return `"h${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
}

/** Whether an If-None-Match header names this ETag (a list, `*`, or weak forms). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
}

/** The version an If-Match header expects: `"v3"` → 3. Refuses lists and `*`, which cannot pin a version. */
export function versionFromIfMatch(header: string): number {
  const match = /^\s*"v(\d{1,9})"\s*$/.exec(header)
  if (!match) throw BadUserInputError.at(['headers', 'if-match'], `must be the ETag of the version you edited, such as "v3"; got ${header}`)
  return Number(match[1])
}

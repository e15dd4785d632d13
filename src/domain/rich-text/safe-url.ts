/**
 * URL allowlisting for rendered attributes. Browsers accept many spellings of dangerous schemes
 * (case, entities, embedded tabs, leading junk), so instead of looking for bad URLs we only pass
 * the few shapes we can positively classify and drop everything else.
 */

export type SafeUrlKind = 'http' | 'mailto' | 'path' | 'fragment'

export interface SafeUrl {
  /** The URL exactly as it should be written into the attribute (before HTML escaping). */
  href: string
  kind: SafeUrlKind
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i

// The WHATWG URL parser strips C0 controls and spaces from both ends; trimming the same way means
// we judge the same string the browser will act on.
function isEdgeJunk(code: number): boolean {
  return code <= 0x20
}

// Browsers silently delete tabs and newlines inside URLs ('java\tscript:' becomes 'javascript:'),
// and no well-formed href contains controls or whitespace, so any of them rejects the URL.
function hasInnerJunk(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/u.test(char)) return true
  }
  return false
}

function trimUrl(raw: string): string {
  let start = 0
  let end = raw.length
  while (start < end && isEdgeJunk(raw.charCodeAt(start))) start++
  while (end > start && isEdgeJunk(raw.charCodeAt(end - 1))) end--
  return raw.slice(start, end)
}

/**
 * Classifies a URL as http(s), mailto, a root-relative path or a fragment; returns null for
 * anything else (javascript:, data:, vbscript:, '//host', bare relative paths, obfuscations).
 */
export function classifyUrl(raw: string): SafeUrl | null {
  const href = trimUrl(raw)
  if (href === '' || hasInnerJunk(href)) return null
  if (href.startsWith('#')) return { href, kind: 'fragment' }
  if (href.startsWith('/')) {
    // '//host' and '/\host' are protocol-relative: they leave the site with whatever scheme it uses.
    const second = href.charAt(1)
    if (second === '/' || second === '\\') return null
    return { href, kind: 'path' }
  }
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase()
  if (scheme === 'http' || scheme === 'https') return { href, kind: 'http' }
  if (scheme === 'mailto') return { href, kind: 'mailto' }
  return null
}

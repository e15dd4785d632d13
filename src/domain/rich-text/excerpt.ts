import { blockText } from './block-text.js'
import type { PortableTextBlock } from './portable-text.js'

/**
 * The opening of an article as plain text, used as the teaser when the editor wrote none.
 * Only body paragraphs count: headings, quotes, lists and media make poor teasers.
 */

export interface OpeningParagraphsOptions {
  /** How many paragraphs to take (default 2). */
  paragraphs?: number
  /** Maximum length in characters (code points), ellipsis included (default 600). */
  maxChars?: number
}

const ELLIPSIS = '…'
// Punctuation left dangling before the ellipsis reads badly ("said,…").
const TRAILING_PUNCTUATION = /[\s,;:.\-–—]+$/u

function truncateAtWord(text: string, maxChars: number): string {
  // Code points, not UTF-16 units, so a cut never splits an emoji or other astral character.
  const chars = Array.from(text)
  if (chars.length <= maxChars) return text
  const room = maxChars - ELLIPSIS.length
  if (room <= 0) return ELLIPSIS.slice(0, maxChars)

  const head = chars.slice(0, room)
  let cut = room
  // If the character right after the cut is whitespace, the cut already falls on a word end.
  if (!/\s/u.test(chars[room] ?? '')) {
    const lastSpace = head.findLastIndex((char) => /\s/u.test(char))
    // A single word longer than the limit is cut hard rather than dropped.
    if (lastSpace > 0) cut = lastSpace
  }
  const kept = head.slice(0, cut).join('').replace(TRAILING_PUNCTUATION, '')
  return `${kept === '' ? head.join('') : kept}${ELLIPSIS}`
}

export function openingParagraphs(blocks: readonly PortableTextBlock[], options: OpeningParagraphsOptions = {}): string {
  const { paragraphs = 2, maxChars = 600 } = options
  if (paragraphs <= 0 || maxChars <= 0) return ''

  const texts: string[] = []
  for (const block of blocks) {
    if (texts.length >= paragraphs) break
    if (block._type !== 'block' || block.style !== 'normal' || block.listItem !== undefined) continue
    const text = blockText(block).trim()
    // Blank paragraphs are editor spacing, not content; they do not use up the count.
    if (text !== '') texts.push(text)
  }
  return truncateAtWord(texts.join('\n\n'), maxChars)
}

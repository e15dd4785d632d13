import type { TextBlock } from './portable-text.js'

/** The raw text of a text block, spans concatenated; line endings normalised to '\n'. */
export function blockText(block: TextBlock): string {
  return block.children
    .map((span) => span.text)
    .join('')
    .replace(/\r\n?/g, '\n')
}

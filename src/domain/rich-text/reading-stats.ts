/**
 * Word count and reading time for article metadata. Counting is Unicode-aware so accented and
 * non-Latin alphabets count like English; tokens of pure punctuation (dashes, bullets) do not count.
 * Scripts written without spaces (Chinese, Japanese, Thai) are not segmented and undercount.
 */

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u

export function countWords(text: string): number {
  let words = 0
  for (const token of text.split(/\s+/u)) if (HAS_WORD_CHARACTER.test(token)) words++
  return words
}

/** Whole minutes, rounded up so a 231-word piece is "2 min"; at least 1 when there is any text. */
export function readingMinutes(words: number, wordsPerMinute = 230): number {
  if (!(wordsPerMinute > 0)) throw new RangeError(`wordsPerMinute must be positive, got ${wordsPerMinute}`)
  if (!(words > 0)) return 0
  return Math.max(1, Math.ceil(words / wordsPerMinute))
}

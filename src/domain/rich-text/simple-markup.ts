import type { LinkMark, PortableTextBlock, Span } from './portable-text.js'
import { portableTextSchema } from './portable-text.js'

/**
 * A tiny Markdown-like markup for writing demo bodies by hand, one string per block:
 *
 *   plain text            paragraph
 *   ## / ### / ####       heading h2 / h3 / h4
 *   > text                blockquote
 *   - text, 1. text       bullet / numbered list item; two leading spaces per extra level
 *   ![media-key] caption  image; the key is resolved to a media id by the caller
 *
 * Inline: **strong**, _emphasis_ (only at word boundaries, so snake_case stays text) and
 * [text](url) links; they nest. Unclosed markers stay literal text. There is no escaping.
 * Keys are deterministic (b0, b0s1, l0) so reseeding produces identical documents.
 */

type DraftSpan = Pick<Span, 'text' | 'marks'>

interface InlineResult {
  spans: DraftSpan[]
  markDefs: LinkMark[]
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u
const WHITESPACE = /\s/u
const LINK = /^\[([^\]]+)\]\(([^\s()]+)\)/

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHARACTER.test(char)
}

function pushSpan(result: InlineResult, text: string, marks: readonly string[]): void {
  if (text === '') return
  const last = result.spans.at(-1)
  // Adjacent runs with the same marks become one span, as an editor would store them.
  if (last !== undefined && last.marks.length === marks.length && last.marks.every((mark, i) => mark === marks[i])) {
    last.text += text
    return
  }
  result.spans.push({ text, marks: [...marks] })
}

/** Index of the '_' closing an emphasis opened at `open`, or -1. */
function emphasisEnd(text: string, open: number): number {
  for (let i = open + 2; i < text.length; i++) {
    if (text[i] === '_' && !WHITESPACE.test(text[i - 1] ?? ' ') && !isWordChar(text[i + 1])) return i
  }
  return -1
}

function parseInline(text: string, marks: readonly string[], result: InlineResult, inLink: boolean): void {
  const withMark = (mark: string): string[] => (marks.includes(mark) ? [...marks] : [...marks, mark])
  let plain = ''
  const flush = (): void => {
    pushSpan(result, plain, marks)
    plain = ''
  }

  let i = 0
  while (i < text.length) {
    if (text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2)
      if (end > i + 2) {
        flush()
        parseInline(text.slice(i + 2, end), withMark('strong'), result, inLink)
        i = end + 2
        continue
      }
    }
    const next = text[i + 1]
    if (
      text[i] === '_' &&
      !isWordChar(text[i - 1]) &&
      next !== undefined &&
      next !== '_' &&
      !WHITESPACE.test(next)
    ) {
      const end = emphasisEnd(text, i)
      if (end !== -1) {
        flush()
        parseInline(text.slice(i + 1, end), withMark('em'), result, inLink)
        i = end + 1
        continue
      }
    }
    // Links do not nest inside links; an inner '[...](...)' stays text.
    if (text[i] === '[' && !inLink) {
      const match = LINK.exec(text.slice(i))
      const [whole, label, href] = match ?? []
      if (whole !== undefined && label !== undefined && href !== undefined) {
        flush()
        const key = `l${result.markDefs.length}`
        result.markDefs.push({ _type: 'link', _key: key, href })
        parseInline(label, withMark(key), result, true)
        i += whole.length
        continue
      }
    }
    plain += text[i] ?? ''
    i++
  }
  flush()
}

function textBlock(
  index: number,
  text: string,
  fields: { style?: 'normal' | 'h2' | 'h3' | 'h4' | 'blockquote'; listItem?: 'bullet' | 'number'; level?: number },
): PortableTextBlock {
  const result: InlineResult = { spans: [], markDefs: [] }
  parseInline(text, [], result, false)
  // Even an empty paragraph keeps one span, the shape editors produce.
  const spans = result.spans.length > 0 ? result.spans : [{ text: '', marks: [] }]
  return {
    _type: 'block',
    _key: `b${index}`,
    style: fields.style ?? 'normal',
    ...(fields.listItem === undefined ? {} : { listItem: fields.listItem, level: fields.level ?? 1 }),
    children: spans.map((span, j) => ({ _type: 'span', _key: `b${index}s${j}`, text: span.text, marks: span.marks })),
    markDefs: result.markDefs,
  }
}

const HEADINGS = [
  ['#### ', 'h4'],
  ['### ', 'h3'],
  ['## ', 'h2'],
] as const

const LIST_ITEM = /^( *)(?:(-)|\d+\.) ([\s\S]*)$/
const IMAGE = /^!\[([^\]\s]+)\]\s*([\s\S]*)$/

function entryToBlock(entry: string, index: number, resolveMedia: (key: string) => string): PortableTextBlock {
  const image = IMAGE.exec(entry)
  if (image !== null) {
    const [, mediaKey = '', caption = ''] = image
    const trimmed = caption.trim()
    return {
      _type: 'image',
      _key: `b${index}`,
      mediaId: resolveMedia(mediaKey),
      ...(trimmed === '' ? {} : { caption: trimmed }),
    }
  }
  for (const [prefix, style] of HEADINGS) {
    if (entry.startsWith(prefix)) return textBlock(index, entry.slice(prefix.length), { style })
  }
  if (entry.startsWith('> ')) return textBlock(index, entry.slice(2), { style: 'blockquote' })

  const item = LIST_ITEM.exec(entry)
  if (item !== null) {
    const [, indent = '', bullet, text = ''] = item
    const level = Math.min(6, Math.floor(indent.length / 2) + 1)
    return textBlock(index, text, { listItem: bullet === undefined ? 'number' : 'bullet', level })
  }
  return textBlock(index, entry, {})
}

/**
 * Converts simple markup entries (one per block) to Portable Text. `resolveMedia` maps an image's
 * media key to the asset's uuid and may throw for unknown keys. The result is validated against
 * the contract, so a bad resolver or an over-long entry fails here, at seed time, not at render.
 */
export function fromSimpleMarkup(entries: readonly string[], resolveMedia: (key: string) => string): PortableTextBlock[] {
  return portableTextSchema.parse(entries.map((entry, index) => entryToBlock(entry, index, resolveMedia)))
}

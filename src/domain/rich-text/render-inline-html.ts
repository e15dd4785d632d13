import { escapeHtml } from './escape-html.js'
import type { LinkMark, Span } from './portable-text.js'
import { decoratorMarks } from './portable-text.js'
import { classifyUrl } from './safe-url.js'

type Decorator = (typeof decoratorMarks)[number]

const DECORATOR_TAGS: Readonly<Record<Decorator, string>> = {
  strong: 'strong',
  em: 'em',
  underline: 'u',
  code: 'code',
  'strike-through': 's',
}

interface MarkTag {
  open: string
  close: string
  /** Tie-breaker when two marks cover the same run: links outermost, then decorators in contract order. */
  rank: number
}

function isDecorator(mark: string): mark is Decorator {
  return (decoratorMarks as readonly string[]).includes(mark)
}

/** Resolves each mark to its tag once; unknown marks and links with unsafe hrefs map to nothing. */
function markTags(spans: readonly Span[], markDefs: readonly LinkMark[]): Map<string, MarkTag> {
  const links = new Map<string, LinkMark>()
  for (const def of markDefs) if (!links.has(def._key)) links.set(def._key, def)

  const tags = new Map<string, MarkTag>()
  for (const span of spans) {
    for (const mark of span.marks) {
      if (tags.has(mark)) continue
      // Decorator names win over a markDef that reuses one as its key: they are reserved words.
      if (isDecorator(mark)) {
        const tag = DECORATOR_TAGS[mark]
        tags.set(mark, { open: `<${tag}>`, close: `</${tag}>`, rank: 1 + decoratorMarks.indexOf(mark) })
        continue
      }
      const link = links.get(mark)
      const url = link === undefined ? null : classifyUrl(link.href)
      if (url === null) continue
      const rel = url.kind === 'http' ? ' rel="noopener noreferrer"' : ''
      tags.set(mark, { open: `<a href="${escapeHtml(url.href)}"${rel}>`, close: '</a>', rank: 0 })
    }
  }
  return tags
}

function textHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n?|\n/g, '<br>')
}

/**
 * Renders a block's spans as properly nested inline HTML. Marks are kept open across adjacent
 * spans that share them, so a link over "see **this**" is one <a> wrapping a <strong>, not two
 * links. When a span opens several marks, the one that runs longest opens first (outermost),
 * which keeps the number of close-and-reopen steps low.
 */
export function renderInlineHtml(spans: readonly Span[], markDefs: readonly LinkMark[]): string {
  const visible = spans.filter((span) => span.text !== '')
  const tags = markTags(visible, markDefs)
  const marksOf = visible.map((span) => [...new Set(span.marks)].filter((mark) => tags.has(mark)))

  // runs[i] maps each mark of span i to how many consecutive spans from i carry it.
  const runs: Map<string, number>[] = []
  for (let i = visible.length - 1; i >= 0; i--) {
    const run = new Map<string, number>()
    for (const mark of marksOf[i] ?? []) run.set(mark, 1 + (runs[i + 1]?.get(mark) ?? 0))
    runs[i] = run
  }

  let html = ''
  const open: string[] = []
  const close = (mark: string | undefined): string => (mark === undefined ? '' : (tags.get(mark)?.close ?? ''))

  visible.forEach((span, i) => {
    const marks = marksOf[i] ?? []
    const run = runs[i] ?? new Map<string, number>()
    // Keep the outer marks this span still carries; everything from the first missing one is closed.
    let keep = 0
    while (keep < open.length && marks.includes(open[keep] ?? '')) keep++
    while (open.length > keep) html += close(open.pop())

    const toOpen = marks
      .filter((mark) => !open.includes(mark))
      .sort((a, b) => (run.get(b) ?? 0) - (run.get(a) ?? 0) || (tags.get(a)?.rank ?? 0) - (tags.get(b)?.rank ?? 0))
    for (const mark of toOpen) {
      html += tags.get(mark)?.open ?? ''
      open.push(mark)
    }
    html += textHtml(span.text)
  })
  while (open.length > 0) html += close(open.pop())
  return html
}

import { openingParagraphs } from './excerpt.js'
import type { PortableTextBlock } from './portable-text.js'
import { countWords } from './reading-stats.js'
import { renderHtml } from './render-html.js'
import { renderText } from './render-text.js'
import type { RenderableMedia } from './renderable-media.js'

/**
 * The renditions stored beside a body, so reads never render. Each is exactly what the API
 * serves for the body: `RichText.html`, `RichText.wordCount`, and the automatic teaser
 * (Article.teaser when the editor wrote none). Pure: the caller resolves the embedded media.
 */

/** The automatic teaser: the opening paragraphs, as Article.teaser falls back to. */
export const AUTOMATIC_TEASER = { paragraphs: 2, maxChars: 600 } as const

export interface ArticleBodyRenditions {
  bodyText: string
  bodyHtml: string
  excerpt: string
  wordCount: number
}

export interface PromoBodyRenditions {
  bodyHtml: string
  bodyText: string
  wordCount: number
}

/**
 * An article body's renditions. `bodyText` is the stored plain text when the caller has it
 * (word counts are counted on it, as the API counts them); otherwise it is rendered here.
 */
export function articleBodyRenditions(
  blocks: readonly PortableTextBlock[],
  media: ReadonlyMap<string, RenderableMedia>,
  bodyText: string = renderText(blocks),
): ArticleBodyRenditions {
  return { bodyText, bodyHtml: renderHtml(blocks, { media }), excerpt: openingParagraphs(blocks, AUTOMATIC_TEASER), wordCount: countWords(bodyText) }
}

export function promoBodyRenditions(blocks: readonly PortableTextBlock[], media: ReadonlyMap<string, RenderableMedia>): PromoBodyRenditions {
  const bodyText = renderText(blocks)
  return { bodyHtml: renderHtml(blocks, { media }), bodyText, wordCount: countWords(bodyText) }
}

/** The media ids the bodies' image blocks embed (what their HTML depends on), without repeats. */
export function embeddedMediaIds(bodies: Iterable<readonly PortableTextBlock[]>): string[] {
  const ids = new Set<string>()
  for (const blocks of bodies) for (const block of blocks) if (block._type === 'image') ids.add(block.mediaId)
  return [...ids]
}

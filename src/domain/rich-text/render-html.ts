import { escapeHtml } from './escape-html.js'
import type { ListNode } from './list-tree.js'
import { groupBlocks } from './list-tree.js'
import type { EmbedBlock, ImageBlock, PortableTextBlock, TextBlock } from './portable-text.js'
import { renderInlineHtml } from './render-inline-html.js'
import type { RenderableMedia } from './renderable-media.js'
import { classifyUrl } from './safe-url.js'

/**
 * Portable Text to HTML. The output is built only from a fixed set of tags and attributes;
 * every value taken from the data is escaped and every URL passes an allowlist, so stored bodies
 * can never inject markup or script into the pages and feeds that embed this HTML.
 */

export interface RenderHtmlOptions {
  /** Media assets referenced by image blocks, keyed by media id. Missing ids render nothing. */
  media: ReadonlyMap<string, RenderableMedia>
}

const HEADING_TAGS = { h2: 'h2', h3: 'h3', h4: 'h4' } as const

function textBlockHtml(block: TextBlock): string {
  const inline = renderInlineHtml(block.children, block.markDefs)
  // Empty paragraphs are editor spacing artefacts; layout spacing belongs to the site's CSS.
  if (inline === '') return ''
  switch (block.style) {
    case 'h2':
    case 'h3':
    case 'h4': {
      const tag = HEADING_TAGS[block.style]
      return `<${tag}>${inline}</${tag}>`
    }
    case 'blockquote':
      return `<blockquote><p>${inline}</p></blockquote>`
    case 'normal':
      return `<p>${inline}</p>`
  }
}

function listHtml(list: ListNode): string {
  const tag = list.kind === 'bullet' ? 'ul' : 'ol'
  const items = list.items.map(
    (item) =>
      `<li>${renderInlineHtml(item.block.children, item.block.markDefs)}${item.sublists.map(listHtml).join('')}</li>`,
  )
  return `<${tag}>${items.join('')}</${tag}>`
}

// Image dimensions reach an attribute; only plain positive integers are written.
function dimension(name: string, value: number | null): string {
  return value !== null && Number.isFinite(value) && value > 0 ? ` ${name}="${Math.round(value)}"` : ''
}

function imageHtml(block: ImageBlock, media: ReadonlyMap<string, RenderableMedia>): string {
  const asset = media.get(block.mediaId)
  if (asset === undefined) return ''
  // Image sources come from the media library; still, only web URLs and site paths are written.
  const src = classifyUrl(asset.url)
  if (src === null || (src.kind !== 'http' && src.kind !== 'path')) return ''

  const img =
    `<img src="${escapeHtml(src.href)}" alt="${escapeHtml(asset.alt)}"` +
    `${dimension('width', asset.width)}${dimension('height', asset.height)} loading="lazy">`
  // The block's own caption overrides the asset's; the credit always travels with the image.
  const caption = block.caption ?? asset.caption
  const parts: string[] = []
  if (caption !== null && caption !== '') parts.push(escapeHtml(caption))
  if (asset.creditLine !== null && asset.creditLine !== '') {
    parts.push(`<span class="credit">${escapeHtml(asset.creditLine)}</span>`)
  }
  const figcaption = parts.length > 0 ? `<figcaption>${parts.join(' ')}</figcaption>` : ''
  return `<figure>${img}${figcaption}</figure>`
}

function embedHtml(block: EmbedBlock): string {
  const url = classifyUrl(block.url)
  if (url === null || url.kind !== 'http') return ''
  const label = block.title !== undefined && block.title.trim() !== '' ? block.title : url.href
  return `<figure class="embed"><a href="${escapeHtml(url.href)}" rel="noopener noreferrer">${escapeHtml(label)}</a></figure>`
}

/** Renders a body as safe HTML, one top-level element per line. */
export function renderHtml(blocks: readonly PortableTextBlock[], options: RenderHtmlOptions): string {
  return groupBlocks(blocks)
    .map((unit) => {
      if (unit.type === 'list') return listHtml(unit.list)
      const block = unit.block
      switch (block._type) {
        case 'block':
          return textBlockHtml(block)
        case 'image':
          return imageHtml(block, options.media)
        case 'embed':
          return embedHtml(block)
      }
    })
    .filter((html) => html !== '')
    .join('\n')
}

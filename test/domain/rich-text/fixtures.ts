import type { EmbedBlock, ImageBlock, LinkMark, Span, TextBlock } from '../../../src/domain/rich-text/portable-text.js'
import type { RenderableMedia } from '../../../src/domain/rich-text/renderable-media.js'

/** Small builders so tests read as documents rather than JSON. Not a test file (no .test suffix). */

export const MEDIA_ID = '0b6f1a2c-3d4e-4f50-8a61-7b8c9d0e1f23'
export const OTHER_MEDIA_ID = '5c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f'

export function span(text: string, ...marks: string[]): Span {
  return { _type: 'span', text, marks }
}

export function link(key: string, href: string): LinkMark {
  return { _type: 'link', _key: key, href }
}

export function block(children: Span[] | string, fields: Partial<TextBlock> = {}): TextBlock {
  return {
    _type: 'block',
    style: 'normal',
    children: typeof children === 'string' ? [span(children)] : children,
    markDefs: [],
    ...fields,
  }
}

export function bullet(text: string, level = 1): TextBlock {
  return block(text, { listItem: 'bullet', level })
}

export function numbered(text: string, level = 1): TextBlock {
  return block(text, { listItem: 'number', level })
}

export function image(mediaId: string, caption?: string): ImageBlock {
  return caption === undefined ? { _type: 'image', mediaId } : { _type: 'image', mediaId, caption }
}

export function embed(url: string, title?: string): EmbedBlock {
  return title === undefined ? { _type: 'embed', url } : { _type: 'embed', url, title }
}

export function media(overrides: Partial<RenderableMedia> = {}): RenderableMedia {
  return {
    url: 'https://cdn.example.com/harbour.jpg',
    alt: 'Fishing boats in the harbour',
    caption: 'Boats at dawn',
    width: 1200,
    height: 800,
    creditLine: 'Photo: Jane Doe',
    ...overrides,
  }
}

export const NO_MEDIA: ReadonlyMap<string, RenderableMedia> = new Map()

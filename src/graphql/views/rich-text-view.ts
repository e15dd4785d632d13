import type { PortableTextBlock } from '../../domain/rich-text/portable-text.js'

/** Blocks plus their plain text (stored for articles, rendered on the fly for promos). */
export interface RichTextView {
  blocks: PortableTextBlock[]
  text: string
}

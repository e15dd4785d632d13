import { blockText } from './block-text.js'
import type { ListNode } from './list-tree.js'
import { groupBlocks } from './list-tree.js'
import type { PortableTextBlock } from './portable-text.js'

/**
 * Portable Text to plain text, for search indexing, word counts, feeds and text e-mail. The
 * result is raw text, not HTML: whoever embeds it in markup must escape it.
 */

function listText(list: ListNode, depth: number): string {
  const indent = '  '.repeat(depth)
  return list.items
    .map((item, index) => {
      const marker = list.kind === 'bullet' ? '- ' : `${index + 1}. `
      const nested = item.sublists.map((sublist) => `\n${listText(sublist, depth + 1)}`).join('')
      return `${indent}${marker}${blockText(item.block)}${nested}`
    })
    .join('\n')
}

/** Blocks separated by a blank line; a list is one block with one line per item. */
export function renderText(blocks: readonly PortableTextBlock[]): string {
  return groupBlocks(blocks)
    .map((unit) => {
      if (unit.type === 'list') return listText(unit.list, 0)
      const block = unit.block
      switch (block._type) {
        case 'block':
          return blockText(block)
        case 'image':
          // Without the media library at hand only the block's own caption is known.
          return block.caption ?? ''
        case 'embed':
          return block.title !== undefined && block.title.trim() !== '' ? block.title : block.url
      }
    })
    .filter((text) => text.trim() !== '')
    .join('\n\n')
}

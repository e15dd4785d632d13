import type { EmbedBlock, ImageBlock, PortableTextBlock, TextBlock } from './portable-text.js'
import { listKinds } from './portable-text.js'

/**
 * Portable Text stores list items as flat blocks carrying `listItem` and `level`; HTML and plain
 * text both need them as nested lists. Building the tree once keeps both renditions in agreement.
 */

export type ListKind = (typeof listKinds)[number]

export interface ListItemNode {
  block: TextBlock
  /** Lists nested under this item (deeper levels that follow it). */
  sublists: ListNode[]
}

export interface ListNode {
  kind: ListKind
  level: number
  items: ListItemNode[]
}

export type BodyUnit =
  | { type: 'list'; list: ListNode }
  | { type: 'block'; block: TextBlock | ImageBlock | EmbedBlock }

/**
 * Groups consecutive list items into (possibly several) top-level lists, nesting deeper levels
 * under the preceding item; every other block passes through as its own unit, in order.
 */
export function groupBlocks(blocks: readonly PortableTextBlock[]): BodyUnit[] {
  const units: BodyUnit[] = []
  // Open lists from outermost to innermost; reset by any non-list block.
  let stack: ListNode[] = []

  for (const block of blocks) {
    if (block._type !== 'block' || block.listItem === undefined) {
      stack = []
      units.push({ type: 'block', block })
      continue
    }
    const kind = block.listItem
    const level = block.level ?? 1
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) > level) stack.pop()
    // A change of bullet/number at the same level starts a new list rather than mixing kinds.
    const sameLevel = stack.at(-1)
    if (sameLevel !== undefined && sameLevel.level === level && sameLevel.kind !== kind) stack.pop()

    const top = stack.at(-1)
    if (top !== undefined && top.level === level) {
      top.items.push({ block, sublists: [] })
      continue
    }
    const list: ListNode = { kind, level, items: [{ block, sublists: [] }] }
    const parentItem = top?.items.at(-1)
    if (parentItem === undefined) units.push({ type: 'list', list })
    else parentItem.sublists.push(list)
    stack.push(list)
  }
  return units
}

import t from 'tap'
import { groupBlocks } from '../../../src/domain/rich-text/list-tree.js'
import type { BodyUnit, ListNode } from '../../../src/domain/rich-text/list-tree.js'
import { blockText } from '../../../src/domain/rich-text/block-text.js'
import { block, bullet, numbered } from './fixtures.js'

// A compact picture of the tree: "ul[a[ol[b]], c]".
function shape(list: ListNode): string {
  const tag = list.kind === 'bullet' ? 'ul' : 'ol'
  const items = list.items.map((item) => blockText(item.block) + (item.sublists.length > 0 ? `[${item.sublists.map(shape).join(',')}]` : ''))
  return `${tag}[${items.join(',')}]`
}

function shapes(units: BodyUnit[]): string[] {
  return units.map((unit) => (unit.type === 'list' ? shape(unit.list) : `block:${unit.block._type}`))
}

void t.test('consecutive items of one kind form one list', (t) => {
  t.same(shapes(groupBlocks([bullet('a'), bullet('b'), bullet('c')])), ['ul[a,b,c]'])
  t.end()
})

void t.test('deeper levels nest under the preceding item and return to the parent list', (t) => {
  t.same(shapes(groupBlocks([bullet('a'), bullet('b', 2), bullet('c', 3), bullet('d', 1)])), ['ul[a[ul[b[ul[c]]]],d]'])
  t.end()
})

void t.test('a kind change at the same level starts a new list', (t) => {
  t.same(shapes(groupBlocks([bullet('a'), numbered('b'), numbered('c')])), ['ul[a]', 'ol[b,c]'])
  t.same(shapes(groupBlocks([bullet('a'), numbered('b', 2), bullet('c', 2)])), ['ul[a[ol[b],ul[c]]]'])
  t.end()
})

void t.test('a non-list block ends the list', (t) => {
  t.same(shapes(groupBlocks([bullet('a'), block('p'), bullet('b')])), ['ul[a]', 'block:block', 'ul[b]'])
  t.end()
})

void t.test('a list starting deeper than level 1 is still a list', (t) => {
  t.same(shapes(groupBlocks([bullet('a', 2), bullet('b', 1)])), ['ul[a]', 'ul[b]'])
  t.end()
})

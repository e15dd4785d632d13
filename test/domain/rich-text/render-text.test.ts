import t from 'tap'
import { renderText } from '../../../src/domain/rich-text/render-text.js'
import { MEDIA_ID, block, bullet, embed, image, link, numbered, span } from './fixtures.js'

void t.test('blocks are separated by a blank line, with no markup', (t) => {
  t.equal(
    renderText([
      block('Headline', { style: 'h2' }),
      block([span('Read '), span('the ', 'l0'), span('report', 'l0', 'strong'), span('.')], { markDefs: [link('l0', 'https://example.com')] }),
      block('Quoted.', { style: 'blockquote' }),
    ]),
    'Headline\n\nRead the report.\n\nQuoted.',
  )
  t.end()
})

void t.test('text is returned raw, not escaped: it is not HTML', (t) => {
  t.equal(renderText([block('Q&A <b>not bold</b>')]), 'Q&A <b>not bold</b>')
  t.end()
})

void t.test('line breaks inside a block are kept', (t) => {
  t.equal(renderText([block('one\r\ntwo')]), 'one\ntwo')
  t.end()
})

void t.test('list items are prefixed and numbered, nested ones indented', (t) => {
  t.equal(renderText([bullet('apples'), bullet('pears')]), '- apples\n- pears')
  t.equal(renderText([numbered('first'), numbered('second'), numbered('third')]), '1. first\n2. second\n3. third')
  t.equal(
    renderText([numbered('a'), bullet('a.x', 2), bullet('a.y', 2), numbered('b'), numbered('b.1', 2), numbered('b.2', 2), numbered('c')]),
    '1. a\n  - a.x\n  - a.y\n2. b\n  1. b.1\n  2. b.2\n3. c',
  )
  t.end()
})

void t.test('numbering restarts for each list and a list is one block', (t) => {
  t.equal(renderText([block('Intro'), numbered('x'), numbered('y'), block('Middle'), numbered('z')]), 'Intro\n\n1. x\n2. y\n\nMiddle\n\n1. z')
  t.end()
})

void t.test('images contribute their caption, or nothing', (t) => {
  t.equal(renderText([block('before'), image(MEDIA_ID, 'The harbour at dawn'), block('after')]), 'before\n\nThe harbour at dawn\n\nafter')
  t.equal(renderText([block('before'), image(MEDIA_ID), block('after')]), 'before\n\nafter')
  t.end()
})

void t.test('embeds contribute their title or URL', (t) => {
  t.equal(renderText([embed('https://video.example.com/1', 'Council meeting')]), 'Council meeting')
  t.equal(renderText([embed('https://video.example.com/1')]), 'https://video.example.com/1')
  t.end()
})

void t.test('empty blocks leave no extra blank lines', (t) => {
  t.equal(renderText([block('a'), block(''), block('  '), block('b')]), 'a\n\nb')
  t.equal(renderText([]), '')
  t.end()
})

import t from 'tap'
import { openingParagraphs } from '../../../src/domain/rich-text/excerpt.js'
import { MEDIA_ID, block, bullet, embed, image, span } from './fixtures.js'

const body = [
  block('Kicker heading', { style: 'h2' }),
  image(MEDIA_ID, 'caption'),
  block('   '),
  block([span('The council '), span('voted', 'strong'), span(' on Friday.')]),
  block('A quote.', { style: 'blockquote' }),
  bullet('A list item.'),
  embed('https://example.com/x', 'Embed'),
  block('Residents were not consulted.'),
  block('Third paragraph.'),
]

void t.test('takes the first two body paragraphs, skipping everything else', (t) => {
  t.equal(openingParagraphs(body, {}), 'The council voted on Friday.\n\nResidents were not consulted.')
  t.equal(openingParagraphs(body), 'The council voted on Friday.\n\nResidents were not consulted.')
  t.end()
})

void t.test('the number of paragraphs is configurable', (t) => {
  t.equal(openingParagraphs(body, { paragraphs: 1 }), 'The council voted on Friday.')
  t.equal(openingParagraphs(body, { paragraphs: 5 }), 'The council voted on Friday.\n\nResidents were not consulted.\n\nThird paragraph.')
  t.equal(openingParagraphs(body, { paragraphs: 0 }), '')
  t.end()
})

void t.test('no paragraphs gives an empty string', (t) => {
  t.equal(openingParagraphs([block('Only a heading', { style: 'h2' }), bullet('x')]), '')
  t.equal(openingParagraphs([]), '')
  t.end()
})

void t.test('long text is cut at a word boundary with an ellipsis, within maxChars', (t) => {
  const text = [block('The council voted to close the old library on Friday.')]
  const cut = openingParagraphs(text, { maxChars: 20 })
  t.equal(cut, 'The council voted…')
  t.ok(cut.length <= 20)
  // The cut falls exactly at the end of a word: that word is kept.
  t.equal(openingParagraphs(text, { maxChars: 12 }), 'The council…')
  t.end()
})

void t.test('text that fits is not cut', (t) => {
  const text = [block('Short and sweet.')]
  t.equal(openingParagraphs(text, { maxChars: 16 }), 'Short and sweet.')
  t.equal(openingParagraphs(text, { maxChars: 15 }), 'Short and…')
  t.end()
})

void t.test('punctuation left before the ellipsis is dropped', (t) => {
  t.equal(openingParagraphs([block('The council voted, then it left the room.')], { maxChars: 19 }), 'The council voted…')
  t.equal(openingParagraphs([block('First.'), block('Second paragraph here.')], { maxChars: 12 }), 'First…')
  t.end()
})

void t.test('a single word longer than the limit is cut hard', (t) => {
  t.equal(openingParagraphs([block('Donaudampfschifffahrtsgesellschaft')], { maxChars: 10 }), 'Donaudamp…')
  t.end()
})

void t.test('lengths are counted in characters, never splitting an emoji', (t) => {
  const cut = openingParagraphs([block('🎉🎉🎉🎉🎉🎉 party')], { maxChars: 4 })
  t.equal(cut, '🎉🎉🎉…')
  t.equal(Array.from(cut).length, 4)
  t.end()
})

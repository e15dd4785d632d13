import t from 'tap'
import { fromSimpleMarkup } from '../../../src/domain/rich-text/simple-markup.js'
import { portableTextSchema } from '../../../src/domain/rich-text/portable-text.js'
import type { PortableTextBlock } from '../../../src/domain/rich-text/portable-text.js'
import { renderHtml } from '../../../src/domain/rich-text/render-html.js'
import { renderText } from '../../../src/domain/rich-text/render-text.js'
import { MEDIA_ID, media } from './fixtures.js'

const MEDIA_KEYS: Record<string, string> = { harbour: MEDIA_ID }
function resolveMedia(key: string): string {
  const id = MEDIA_KEYS[key]
  if (id === undefined) throw new Error(`unknown media key ${key}`)
  return id
}

const convert = (entries: string[]): PortableTextBlock[] => fromSimpleMarkup(entries, resolveMedia)
const plain = (index: number, text: string, extra: object = {}): PortableTextBlock => ({
  _type: 'block',
  _key: `b${index}`,
  style: 'normal',
  children: [{ _type: 'span', _key: `b${index}s0`, text, marks: [] }],
  markDefs: [],
  ...extra,
})

void t.test('plain entries are paragraphs', (t) => {
  t.same(convert(['Hello world.', 'Second.']), [plain(0, 'Hello world.'), plain(1, 'Second.')])
  t.end()
})

void t.test('headings and blockquotes', (t) => {
  t.same(convert(['## Two', '### Three', '#### Four', '> Quoted']), [
    plain(0, 'Two', { style: 'h2' }),
    plain(1, 'Three', { style: 'h3' }),
    plain(2, 'Four', { style: 'h4' }),
    plain(3, 'Quoted', { style: 'blockquote' }),
  ])
  // Without the space the marker is just text.
  t.same(convert(['##Not a heading', '>nor a quote']), [plain(0, '##Not a heading'), plain(1, '>nor a quote')])
  t.end()
})

void t.test('list items', (t) => {
  t.same(convert(['- apples', '1. first', '12. twelfth', '  - nested', '    3. deeper']), [
    plain(0, 'apples', { listItem: 'bullet', level: 1 }),
    plain(1, 'first', { listItem: 'number', level: 1 }),
    plain(2, 'twelfth', { listItem: 'number', level: 1 }),
    plain(3, 'nested', { listItem: 'bullet', level: 2 }),
    plain(4, 'deeper', { listItem: 'number', level: 3 }),
  ])
  t.same(convert(['-not a list', '1.not either']), [plain(0, '-not a list'), plain(1, '1.not either')])
  t.end()
})

void t.test('images resolve their media key; the caption is optional', (t) => {
  t.same(convert(['![harbour] Boats at dawn', '![harbour]']), [
    { _type: 'image', _key: 'b0', mediaId: MEDIA_ID, caption: 'Boats at dawn' },
    { _type: 'image', _key: 'b1', mediaId: MEDIA_ID },
  ])
  t.end()
})

void t.test('an unknown media key fails loudly', (t) => {
  t.throws(() => convert(['![nowhere] caption']), /unknown media key nowhere/)
  t.end()
})

void t.test('a resolver returning something other than a uuid fails validation', (t) => {
  t.throws(() => fromSimpleMarkup(['![harbour]'], () => 'not-a-uuid'))
  t.end()
})

void t.test('strong and emphasis', (t) => {
  const [b] = convert(['A **bold** and _quiet_ claim'])
  t.same(b, {
    _type: 'block',
    _key: 'b0',
    style: 'normal',
    markDefs: [],
    children: [
      { _type: 'span', _key: 'b0s0', text: 'A ', marks: [] },
      { _type: 'span', _key: 'b0s1', text: 'bold', marks: ['strong'] },
      { _type: 'span', _key: 'b0s2', text: ' and ', marks: [] },
      { _type: 'span', _key: 'b0s3', text: 'quiet', marks: ['em'] },
      { _type: 'span', _key: 'b0s4', text: ' claim', marks: [] },
    ],
  })
  t.end()
})

void t.test('underscores inside words are not emphasis', (t) => {
  t.same(convert(['call snake_case_name or __init__ now']), [plain(0, 'call snake_case_name or __init__ now')])
  t.same(convert(['_a_b_']), [
    { ...plain(0, ''), children: [{ _type: 'span', _key: 'b0s0', text: 'a_b', marks: ['em'] }] },
  ])
  t.end()
})

void t.test('unclosed markers stay literal', (t) => {
  t.same(convert(['2 ** 3 and _open and [text](']), [plain(0, '2 ** 3 and _open and [text](')])
  t.end()
})

void t.test('links get per-block deterministic keys and may contain other marks', (t) => {
  const blocks = convert(['Read [the **full** report](https://example.com/r) and [more](/more).', 'See [this](#x).'])
  t.same(blocks[0], {
    _type: 'block',
    _key: 'b0',
    style: 'normal',
    markDefs: [
      { _type: 'link', _key: 'l0', href: 'https://example.com/r' },
      { _type: 'link', _key: 'l1', href: '/more' },
    ],
    children: [
      { _type: 'span', _key: 'b0s0', text: 'Read ', marks: [] },
      { _type: 'span', _key: 'b0s1', text: 'the ', marks: ['l0'] },
      { _type: 'span', _key: 'b0s2', text: 'full', marks: ['l0', 'strong'] },
      { _type: 'span', _key: 'b0s3', text: ' report', marks: ['l0'] },
      { _type: 'span', _key: 'b0s4', text: ' and ', marks: [] },
      { _type: 'span', _key: 'b0s5', text: 'more', marks: ['l1'] },
      { _type: 'span', _key: 'b0s6', text: '.', marks: [] },
    ],
  })
  t.same(blocks[1], {
    _type: 'block',
    _key: 'b1',
    style: 'normal',
    markDefs: [{ _type: 'link', _key: 'l0', href: '#x' }],
    children: [
      { _type: 'span', _key: 'b1s0', text: 'See ', marks: [] },
      { _type: 'span', _key: 'b1s1', text: 'this', marks: ['l0'] },
      { _type: 'span', _key: 'b1s2', text: '.', marks: [] },
    ],
  })
  t.end()
})

void t.test('a link inside bold text', (t) => {
  const [b] = convert(['**see [here](/x) now**'])
  t.same(b, {
    _type: 'block',
    _key: 'b0',
    style: 'normal',
    markDefs: [{ _type: 'link', _key: 'l0', href: '/x' }],
    children: [
      { _type: 'span', _key: 'b0s0', text: 'see ', marks: ['strong'] },
      { _type: 'span', _key: 'b0s1', text: 'here', marks: ['strong', 'l0'] },
      { _type: 'span', _key: 'b0s2', text: ' now', marks: ['strong'] },
    ],
  })
  t.end()
})

void t.test('inline marks work inside headings, quotes and list items', (t) => {
  const blocks = convert(['## A **big** day', '> _so_ [said](https://example.com) she', '- buy **milk**'])
  t.equal(
    renderHtml(blocks, { media: new Map() }),
    '<h2>A <strong>big</strong> day</h2>\n' +
      '<blockquote><p><em>so</em> <a href="https://example.com" rel="noopener noreferrer">said</a> she</p></blockquote>\n' +
      '<ul><li>buy <strong>milk</strong></li></ul>',
  )
  t.end()
})

void t.test('an empty entry is an empty paragraph', (t) => {
  t.same(convert(['']), [plain(0, '')])
  t.end()
})

const EVERY_FORM = [
  '## The harbour reopens',
  'After **two years** of work, the _old_ harbour reopened on [Friday](https://example.com/friday).',
  '![harbour] Boats at dawn',
  '> It feels like [home **again**](/stories/home).',
  '- New moorings',
  '  - Forty berths',
  '- A fish market',
  '1. Dredging',
  '2. Rebuilding',
  '### What next',
  'More to come.',
]

void t.test('every form survives portableTextSchema.parse unchanged', (t) => {
  const blocks = convert(EVERY_FORM)
  t.same(portableTextSchema.parse(blocks), blocks)
  t.same(portableTextSchema.parse(JSON.parse(JSON.stringify(blocks))), blocks, 'also after a JSON round trip')
  t.equal(blocks.length, EVERY_FORM.length)
  t.end()
})

void t.test('round trip: the converted body renders back to the same text and the expected HTML', (t) => {
  const blocks = convert(EVERY_FORM)
  t.equal(
    renderText(blocks),
    [
      'The harbour reopens',
      'After two years of work, the old harbour reopened on Friday.',
      'Boats at dawn',
      'It feels like home again.',
      '- New moorings\n  - Forty berths\n- A fish market',
      '1. Dredging\n2. Rebuilding',
      'What next',
      'More to come.',
    ].join('\n\n'),
  )
  t.equal(
    renderHtml(blocks, { media: new Map([[MEDIA_ID, media({ caption: null, creditLine: null })]]) }),
    [
      '<h2>The harbour reopens</h2>',
      '<p>After <strong>two years</strong> of work, the <em>old</em> harbour reopened on <a href="https://example.com/friday" rel="noopener noreferrer">Friday</a>.</p>',
      '<figure><img src="https://cdn.example.com/harbour.jpg" alt="Fishing boats in the harbour" width="1200" height="800" loading="lazy"><figcaption>Boats at dawn</figcaption></figure>',
      '<blockquote><p>It feels like <a href="/stories/home">home <strong>again</strong></a>.</p></blockquote>',
      '<ul><li>New moorings<ul><li>Forty berths</li></ul></li><li>A fish market</li></ul>',
      '<ol><li>Dredging</li><li>Rebuilding</li></ol>',
      '<h3>What next</h3>',
      '<p>More to come.</p>',
    ].join('\n'),
  )
  t.end()
})

void t.test('the same input always gives the same output', (t) => {
  t.same(convert(EVERY_FORM), convert(EVERY_FORM))
  t.end()
})

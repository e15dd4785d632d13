import t from 'tap'
import { renderHtml } from '../../../src/domain/rich-text/render-html.js'
import type { PortableTextBlock } from '../../../src/domain/rich-text/portable-text.js'
import type { RenderableMedia } from '../../../src/domain/rich-text/renderable-media.js'
import { MEDIA_ID, NO_MEDIA, OTHER_MEDIA_ID, block, bullet, embed, image, link, media, numbered, span } from './fixtures.js'

const html = (blocks: PortableTextBlock[], mediaMap: ReadonlyMap<string, RenderableMedia> = NO_MEDIA): string =>
  renderHtml(blocks, { media: mediaMap })

void t.test('text block styles', (t) => {
  t.equal(html([block('Hello & welcome')]), '<p>Hello &amp; welcome</p>')
  t.equal(html([block('Two', { style: 'h2' })]), '<h2>Two</h2>')
  t.equal(html([block('Three', { style: 'h3' })]), '<h3>Three</h3>')
  t.equal(html([block('Four', { style: 'h4' })]), '<h4>Four</h4>')
  t.equal(html([block('Said so.', { style: 'blockquote' })]), '<blockquote><p>Said so.</p></blockquote>')
  t.end()
})

void t.test('top-level elements are separated by newlines; empty paragraphs are dropped', (t) => {
  t.equal(html([block('Title', { style: 'h2' }), block(''), block([span(''), span('')]), block('Body')]), '<h2>Title</h2>\n<p>Body</p>')
  t.equal(html([]), '')
  t.end()
})

void t.test('newlines inside spans become <br>', (t) => {
  t.equal(html([block('line one\nline two\r\nline three')]), '<p>line one<br>line two<br>line three</p>')
  t.end()
})

void t.test('decorators map to their elements', (t) => {
  t.equal(
    html([block([span('b', 'strong'), span('i', 'em'), span('u', 'underline'), span('c', 'code'), span('s', 'strike-through')])]),
    '<p><strong>b</strong><em>i</em><u>u</u><code>c</code><s>s</s></p>',
  )
  t.end()
})

void t.test('unknown marks are ignored but their text is kept', (t) => {
  t.equal(html([block([span('plain ', 'highlight'), span('bold', 'strong', 'sparkle'), span(' tail', 'missingKey')])]), '<p>plain <strong>bold</strong> tail</p>')
  t.end()
})

void t.test('a mark shared by adjacent spans stays open across them', (t) => {
  t.equal(html([block([span('a', 'strong'), span('b', 'strong', 'em'), span('c', 'em')])]), '<p><strong>a<em>b</em></strong><em>c</em></p>')
  t.equal(html([block([span('x', 'em', 'strong'), span('y', 'strong')])]), '<p><strong><em>x</em>y</strong></p>')
  // The mark that runs longer opens first, whatever the decorator order would say.
  t.equal(html([block([span('x', 'strong', 'em'), span('y', 'em')])]), '<p><em><strong>x</strong>y</em></p>')
  t.equal(html([block([span('x', 'l', 'strong'), span('y', 'strong')], { markDefs: [link('l', '/x')] })]), '<p><strong><a href="/x">x</a>y</strong></p>')
  // On equal runs links go outermost.
  t.equal(html([block([span('x', 'strong', 'l')], { markDefs: [link('l', '/x')] })]), '<p><a href="/x"><strong>x</strong></a></p>')
  t.end()
})

void t.test('links', (t) => {
  t.equal(
    html([block([span('Read '), span('the report', 'l1')], { markDefs: [link('l1', 'https://example.com/r?a=1&b=2')] })]),
    '<p>Read <a href="https://example.com/r?a=1&amp;b=2" rel="noopener noreferrer">the report</a></p>',
  )
  t.equal(html([block([span('mail', 'm')], { markDefs: [link('m', 'mailto:desk@example.com')] })]), '<p><a href="mailto:desk@example.com">mail</a></p>')
  t.equal(html([block([span('local', 'p')], { markDefs: [link('p', '/sections/news')] })]), '<p><a href="/sections/news">local</a></p>')
  t.equal(html([block([span('jump', 'f')], { markDefs: [link('f', '#notes')] })]), '<p><a href="#notes">jump</a></p>')
  t.end()
})

void t.test('a link containing bold text is one <a> around a <strong>', (t) => {
  const blocks = [
    block([span('See '), span('this ', 'l0'), span('story', 'l0', 'strong'), span(' now', 'l0'), span('.')], {
      markDefs: [link('l0', 'https://example.com/s')],
    }),
  ]
  t.equal(html(blocks), '<p>See <a href="https://example.com/s" rel="noopener noreferrer">this <strong>story</strong> now</a>.</p>')
  t.end()
})

void t.test('bold text containing a link nests the other way round', (t) => {
  const blocks = [block([span('a ', 'strong'), span('b', 'strong', 'k'), span(' c', 'strong')], { markDefs: [link('k', '/b')] })]
  t.equal(html(blocks), '<p><strong>a <a href="/b">b</a> c</strong></p>')
  t.end()
})

void t.test('a link with a disallowed href renders its text without <a>', (t) => {
  const blocks = [block([span('click', 'x', 'em')], { markDefs: [link('x', 'javascript:alert(1)')] })]
  t.equal(html(blocks), '<p><em>click</em></p>')
  t.end()
})

void t.test('lists group, number and nest', (t) => {
  t.equal(html([bullet('a'), bullet('b')]), '<ul><li>a</li><li>b</li></ul>')
  t.equal(html([numbered('one'), numbered('two')]), '<ol><li>one</li><li>two</li></ol>')
  t.equal(
    html([bullet('a'), bullet('a.1', 2), bullet('a.2', 2), numbered('a.2.i', 3), bullet('b')]),
    '<ul><li>a<ul><li>a.1</li><li>a.2<ol><li>a.2.i</li></ol></li></ul></li><li>b</li></ul>',
  )
  t.equal(html([bullet('a'), numbered('1')]), '<ul><li>a</li></ul>\n<ol><li>1</li></ol>')
  t.equal(html([bullet('a'), block('between'), bullet('b')]), '<ul><li>a</li></ul>\n<p>between</p>\n<ul><li>b</li></ul>')
  t.end()
})

void t.test('list items keep their marks', (t) => {
  const item = block([span('see '), span('here', 'l0', 'strong')], { listItem: 'bullet', level: 1, markDefs: [link('l0', '/x')] })
  t.equal(html([item]), '<ul><li>see <a href="/x"><strong>here</strong></a></li></ul>')
  t.end()
})

void t.test('images', (t) => {
  const mediaMap = new Map([
    [MEDIA_ID, media()],
    [OTHER_MEDIA_ID, media({ caption: null, creditLine: null, width: null, height: null, alt: '' })],
  ])
  t.equal(
    html([image(MEDIA_ID)], mediaMap),
    '<figure><img src="https://cdn.example.com/harbour.jpg" alt="Fishing boats in the harbour" width="1200" height="800" loading="lazy">' +
      '<figcaption>Boats at dawn <span class="credit">Photo: Jane Doe</span></figcaption></figure>',
  )
  t.equal(
    html([image(MEDIA_ID, 'The morning catch')], mediaMap),
    '<figure><img src="https://cdn.example.com/harbour.jpg" alt="Fishing boats in the harbour" width="1200" height="800" loading="lazy">' +
      '<figcaption>The morning catch <span class="credit">Photo: Jane Doe</span></figcaption></figure>',
  )
  t.equal(html([image(OTHER_MEDIA_ID)], mediaMap), '<figure><img src="https://cdn.example.com/harbour.jpg" alt="" loading="lazy"></figure>')
  t.equal(
    html([image(OTHER_MEDIA_ID, 'Only a caption')], mediaMap),
    '<figure><img src="https://cdn.example.com/harbour.jpg" alt="" loading="lazy"><figcaption>Only a caption</figcaption></figure>',
  )
  const creditOnly = new Map([[MEDIA_ID, media({ caption: null, url: '/media/a.jpg' })]])
  t.equal(
    html([image(MEDIA_ID)], creditOnly),
    '<figure><img src="/media/a.jpg" alt="Fishing boats in the harbour" width="1200" height="800" loading="lazy">' +
      '<figcaption><span class="credit">Photo: Jane Doe</span></figcaption></figure>',
  )
  t.end()
})

void t.test('an image whose media is missing renders nothing', (t) => {
  t.equal(html([block('before'), image(MEDIA_ID, 'caption'), block('after')]), '<p>before</p>\n<p>after</p>')
  t.end()
})

void t.test('an image whose media URL is not a web URL or site path renders nothing', (t) => {
  for (const url of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/a.jpg']) {
    t.equal(html([image(MEDIA_ID)], new Map([[MEDIA_ID, media({ url })]])), '', url)
  }
  t.end()
})

void t.test('embeds render as link cards', (t) => {
  t.equal(
    html([embed('https://video.example.com/watch?v=1&t=2', 'Council meeting')]),
    '<figure class="embed"><a href="https://video.example.com/watch?v=1&amp;t=2" rel="noopener noreferrer">Council meeting</a></figure>',
  )
  t.equal(
    html([embed('https://maps.example.com/x')]),
    '<figure class="embed"><a href="https://maps.example.com/x" rel="noopener noreferrer">https://maps.example.com/x</a></figure>',
  )
  t.equal(html([embed('https://maps.example.com/x', '  ')]), '<figure class="embed"><a href="https://maps.example.com/x" rel="noopener noreferrer">https://maps.example.com/x</a></figure>')
  // The schema already refuses these; the renderer does not rely on it.
  t.equal(html([embed('javascript:alert(1)', 'x'), embed('/local', 'y'), embed('mailto:a@b.c', 'z')]), '')
  t.end()
})

// ---------------------------------------------------------------------------------------------
// XSS corpus: hostile strings placed in every slot the data can reach.

const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)' autofocus x='",
  '</figcaption><script>alert(1)</script>',
  '</span></figcaption></figure><script>alert(1)</script>',
  '</a><script>alert(1)</script>',
  '<a href="javascript:alert(1)">click</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<body onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext></p><script>alert(1)</script>',
  '<style>@import "//evil.example/x.css"</style>',
  '<!--<script>alert(1)//-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '\u0000<script>alert(1)</script>',
  '<div style="background:url(javascript:alert(1))">',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<input autofocus onfocus=alert(1)>',
  '`"\'><details open ontoggle=alert(1)>',
]

const HOSTILE_HREFS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  ' javascript:alert(1)',
  '\u0001javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'javascript\t:alert(1)',
  'javascript\u200b:alert(1)',
  '\u00a0javascript:alert(1)',
  'javascript:/*--></title></style></textarea></script><svg/onload=alert(1)>',
  'javascript&colon;alert(1)',
  '&#106;avascript:alert(1)',
  '&#x6A;avascript:alert(1)',
  'jav&#x09;ascript:alert(1)',
  'javascript://%0Aalert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DATA:text/html,<script>alert(1)</script>',
  ' data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'VBScript:msgbox(1)',
  'livescript:alert(1)',
  '//evil.example/x',
  '/\\evil.example/x',
  '/\t/evil.example/x',
  '\\\\evil.example\\x',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  'x" onmouseover="alert(1)',
]

const ALLOWED_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'u', 'code', 's', 'a', 'br', 'figure', 'figcaption', 'img', 'span'])
const ALLOWED_ATTRIBUTES = new Set(['href', 'rel', 'src', 'alt', 'width', 'height', 'loading', 'class'])
// A tag the renderer could have written: name plus double-quoted attributes whose values hold no quote or bracket.
const TAG = /<(\/?)([a-z0-9]+)((?:\s[a-z]+="[^"<>]*")*)>/g
const ATTRIBUTE = /\s([a-z]+)="([^"]*)"/g

function decodeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

/**
 * Structural proof that output is inert: only known tags and attributes, no event handler, no
 * script URL, nothing left over that a browser could read as markup. Returns what is wrong.
 */
function violations(output: string): string[] {
  const found: string[] = []
  if (/<script/i.test(output)) found.push('contains <script')
  // Once the renderer's own tags are removed only escaped text may remain: no bracket or quote.
  const leftover = output.replace(TAG, '')
  if (/[<>"']/.test(leftover)) found.push(`stray markup in ${JSON.stringify(leftover)}`)
  for (const [, , name = '', attributes = ''] of output.matchAll(TAG)) {
    if (!ALLOWED_TAGS.has(name)) found.push(`tag <${name}>`)
    for (const [, attribute = '', rawValue = ''] of attributes.matchAll(ATTRIBUTE)) {
      if (!ALLOWED_ATTRIBUTES.has(attribute) || /^on/i.test(attribute)) found.push(`attribute ${attribute} on <${name}>`)
      if (attribute === 'href' || attribute === 'src') {
        const value = decodeAttribute(rawValue)
        if (!/^(?:https?:|mailto:|\/(?![/\\])|#)/i.test(value)) found.push(`${attribute}=${JSON.stringify(value)}`)
        if (/javascript:|data:|vbscript:/i.test(value.replace(/\s/g, ''))) found.push(`script URL ${JSON.stringify(value)}`)
      }
    }
  }
  // Attribute values never contain a literal quote (escaped), so blanking them leaves only names.
  if (/<[^>]*\son\w+\s*=/i.test(output.replace(/"[^"]*"/g, '""'))) found.push('on*= attribute inside a tag')
  return found
}

void t.test('the inertness check itself catches unsafe HTML', (t) => {
  t.same(violations('<p>ok &amp; &quot;fine&quot;</p>'), [])
  t.not(violations('<p onclick="alert(1)">x</p>').length, 0, 'event handler')
  t.not(violations('<a href="javascript:alert(1)">x</a>').length, 0, 'script href')
  t.not(violations('<a href="java&#x09;script:alert(1)">x</a>').length, 0, 'unlisted href shape')
  t.not(violations('<p>"><img src=x onerror=alert(1)></p>').length, 0, 'unescaped text')
  t.not(violations('<img src="/a.jpg" alt="x" onerror="alert(1)">').length, 0, 'handler after attributes')
  t.not(violations('<iframe src="https://example.com"></iframe>').length, 0, 'unknown tag')
  t.not(violations('<p>&lt;ok&gt;</p><script>alert(1)</script>').length, 0, 'script tag')
  t.end()
})

void t.test('the corpus is large enough to mean something', (t) => {
  t.ok(HOSTILE_TEXT.length >= 25, 'text payloads')
  t.ok(HOSTILE_HREFS.length >= 25, 'href payloads')
  t.end()
})

void t.test('hostile text in every text slot is escaped, never interpreted', (t) => {
  for (const payload of HOSTILE_TEXT) {
    const mediaMap = new Map([[MEDIA_ID, media({ alt: payload, caption: payload, creditLine: payload })]])
    const blocks: PortableTextBlock[] = [
      block([span(payload), span(payload, 'strong', payload), span(payload, 'l0')], { markDefs: [link('l0', 'https://example.com/')] }),
      block(payload, { style: 'h2' }),
      block(payload, { style: 'blockquote' }),
      bullet(payload),
      numbered(payload, 2),
      image(MEDIA_ID),
      image(MEDIA_ID, payload),
      embed('https://example.com/embed', payload),
    ]
    const output = html(blocks, mediaMap)
    t.notMatch(output, /<script/i, payload)
    t.same(violations(output), [], payload)
  }
  t.end()
})

void t.test('text is escaped exactly, quotes included', (t) => {
  t.equal(html([block('"><img src=x onerror=alert(1)>')]), '<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>')
  const mediaMap = new Map([[MEDIA_ID, media({ alt: `"><img src=x onerror=alert(1)>`, creditLine: `</figcaption><script>x</script>` })]])
  t.equal(
    html([image(MEDIA_ID, `'><svg onload=alert(1)>`)], mediaMap),
    '<figure><img src="https://cdn.example.com/harbour.jpg" alt="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" width="1200" height="800" loading="lazy">' +
      '<figcaption>&#39;&gt;&lt;svg onload=alert(1)&gt; <span class="credit">&lt;/figcaption&gt;&lt;script&gt;x&lt;/script&gt;</span></figcaption></figure>',
  )
  t.end()
})

void t.test('hostile link hrefs are dropped and their text kept', (t) => {
  for (const href of HOSTILE_HREFS) {
    const output = html([block([span('before '), span('click me', 'bad', 'em'), span(' after')], { markDefs: [link('bad', href)] })])
    t.equal(output, '<p>before <em>click me</em> after</p>', JSON.stringify(href))
  }
  t.end()
})

void t.test('hostile URLs in image sources and embed URLs render nothing', (t) => {
  for (const url of HOSTILE_HREFS) {
    const output = html([image(MEDIA_ID), embed(url, 'card')], new Map([[MEDIA_ID, media({ url })]]))
    t.equal(output, '', JSON.stringify(url))
  }
  t.end()
})

void t.test('a safe URL containing quotes or brackets cannot break out of its attribute', (t) => {
  const href = 'https://example.com/"><script>alert(1)</script>'
  // Whitespace-free, so it classifies as http; escaping is what keeps it inside the attribute.
  const output = html([block([span('x', 'l')], { markDefs: [link('l', href)] }), embed(`https://example.com/'onmouseover='alert(1)`, 'y')])
  t.equal(
    output,
    '<p><a href="https://example.com/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" rel="noopener noreferrer">x</a></p>\n' +
      '<figure class="embed"><a href="https://example.com/&#39;onmouseover=&#39;alert(1)" rel="noopener noreferrer">y</a></figure>',
  )
  t.same(violations(output), [])
  t.end()
})

void t.test('hostile mark names and markDef keys do not reach the output', (t) => {
  const output = html([block([span('x', '<script>', 'strong" onclick="x')], { markDefs: [link('<script>', '/ok')] })])
  t.equal(output, '<p><a href="/ok">x</a></p>')
  t.end()
})

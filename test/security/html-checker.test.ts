import t from 'tap'
import { renderHtml } from '../../src/domain/rich-text/render-html.js'
import { htmlViolations, isSafeUrl } from './fixtures/html-checker.js'

// The XSS tests are only as good as this checker: it must flag each kind of executable output.
const BAD_HTML = [
  '<p>x</p><script>alert(1)</script>',
  '<p onclick="alert(1)">x</p>',
  '<img src="x" onerror="alert(1)">',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href=" JaVaScRiPt:alert(1)">x</a>',
  '<a href="data:text/html,x">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="//evil.example">x</a>',
  '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
  '<span style="background:url(javascript:alert(1))">x</span>',
  '<span class="x" style="width:expression(alert(1))">x</span>',
  '<svg onload="alert(1)"></svg>',
  '<math><mi>x</mi></math>',
  '<iframe src="https://example.com"></iframe>',
  '<p>unclosed',
  '<p>x</em></p>',
  '<!-- <img src=x onerror=alert(1)> -->',
  '<p>a < b</p>',
]

void t.test('the HTML checker flags every kind of executable output', (t) => {
  for (const html of BAD_HTML) t.ok(htmlViolations(html).length > 0, `flags ${html}`)
  t.ok(htmlViolations('<img src="/x" onerror="alert(1)">').some((v) => /event handler attribute onerror/.test(v.problem)), 'names the handler')
  t.match(htmlViolations('<a href="&#106;avascript:alert(1)">x</a>'), [{ problem: /unsafe URL in href/ }])
  t.end()
})

void t.test('and passes the markup the renderer writes', (t) => {
  const good = renderHtml(
    [
      { _type: 'block', style: 'h2', children: [{ _type: 'span', text: 'Title & <more>', marks: [] }], markDefs: [] },
      {
        _type: 'block',
        style: 'normal',
        children: [{ _type: 'span', text: 'a "link"\nnext line', marks: ['l', 'strong'] }],
        markDefs: [{ _type: 'link', _key: 'l', href: 'https://example.com/?a=1&b=2' }],
      },
      { _type: 'block', style: 'normal', listItem: 'bullet', level: 1, children: [{ _type: 'span', text: 'item', marks: ['em'] }], markDefs: [] },
      { _type: 'image', mediaId: 'm' },
      { _type: 'embed', url: 'https://video.example/1', title: '<b>' },
    ],
    { media: new Map([['m', { url: 'https://img.example/a.jpg', alt: '"alt"', caption: '<i>', width: 10, height: 5, creditLine: 'A/B' }]]) },
  )
  t.match(good, /<figure><img src="https:\/\/img\.example\/a\.jpg"/, 'the sample covers images')
  t.same(htmlViolations(good), [])
  t.same(htmlViolations('Found <mark>match</mark> &amp; more'), [], 'search snippets too')
  t.end()
})

void t.test('URLs are judged after entity decoding and the whitespace browsers drop', (t) => {
  for (const url of ['https://example.com/', 'mailto:a@example.com', '/sections/news', '#notes']) t.ok(isSafeUrl(url), url)
  for (const url of ['javascript:x', ' \tJAVA\nSCRIPT:x', 'data:,x', 'vbscript:x', '//evil.example', '/\\evil.example', 'relative', 'file:///etc/passwd']) t.notOk(isSafeUrl(url), JSON.stringify(url))
  t.end()
})

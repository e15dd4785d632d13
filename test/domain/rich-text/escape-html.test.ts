import t from 'tap'
import { escapeHtml } from '../../../src/domain/rich-text/escape-html.js'

void t.test('escapes the five HTML-significant characters', (t) => {
  t.equal(escapeHtml(`<a href="x" title='y'>Q&A</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Q&amp;A&lt;/a&gt;')
  t.end()
})

void t.test('escapes existing entities again instead of trusting them', (t) => {
  t.equal(escapeHtml('&lt;script&gt; &amp;'), '&amp;lt;script&amp;gt; &amp;amp;')
  t.end()
})

void t.test('leaves other text, including non-ASCII, untouched', (t) => {
  t.equal(escapeHtml('Ça va? 日本 — ok'), 'Ça va? 日本 — ok')
  t.equal(escapeHtml(''), '')
  t.end()
})

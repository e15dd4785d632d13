import t from 'tap'
import { classifyUrl } from '../../../src/domain/rich-text/safe-url.js'

void t.test('accepts web, mail, root-relative and fragment URLs', (t) => {
  t.same(classifyUrl('https://example.com/a?b=1&c=2'), { href: 'https://example.com/a?b=1&c=2', kind: 'http' })
  t.same(classifyUrl('HTTP://EXAMPLE.COM'), { href: 'HTTP://EXAMPLE.COM', kind: 'http' })
  t.same(classifyUrl('mailto:desk@example.com'), { href: 'mailto:desk@example.com', kind: 'mailto' })
  t.same(classifyUrl('/news/2024/story'), { href: '/news/2024/story', kind: 'path' })
  t.same(classifyUrl('#comments'), { href: '#comments', kind: 'fragment' })
  t.end()
})

void t.test('trims the leading and trailing junk browsers ignore, and judges what remains', (t) => {
  t.same(classifyUrl('  https://example.com/ \n'), { href: 'https://example.com/', kind: 'http' })
  t.equal(classifyUrl(' \u0001javascript:alert(1)'), null)
  t.end()
})

void t.test('rejects everything else', (t) => {
  const rejected = [
    '',
    '   ',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'https://exa\tmple.com',
    'https://example.com/a b',
    'https://example.com/\u00a0',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'relative/path',
    '?q=1',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
  ]
  for (const url of rejected) t.equal(classifyUrl(url), null, JSON.stringify(url))
  t.end()
})

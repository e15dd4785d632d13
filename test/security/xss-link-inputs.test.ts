import t from 'tap'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients } from '../rest/rest-client.js'
import { htmlViolations, isSafeUrl } from './fixtures/html-checker.js'
import { allPayloads, urlPayloads } from './fixtures/xss-payloads.js'

/** Every HTML-typed value in a response: RichText.html, wherever it sits. */
function htmlFields(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) htmlFields(item, found)
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'html' && typeof inner === 'string') found.push(inner)
      else htmlFields(inner, found)
    }
  }
  return found
}

void t.test('XSS payloads in every link input are refused with BAD_USER_INPUT, or come back as a safe link', async (t) => {
  const { app, database } = await buildTestApp(t, { RATE_LIMIT_ENABLED: 'false', LOAD_SHEDDING: 'false' })
  const as = await editorClients(app, database)
  const rest = await restClients(app, database)
  const base = await as.editor<{ createArticle: { id: string; version: number } }>(`mutation { createArticle(input: { headline: "Link target", slug: "link-target" }) { id version } }`)
  let baseVersion = base.data.createArticle.version
  let siteVersion = 0
  const baseId = base.data.createArticle.id

  type Probe = { input: string; query: string; variables: (url: string) => Record<string, unknown>; urls: (data: Record<string, unknown>) => unknown[] }
  const span = { _type: 'span', text: 'x', marks: ['l'] }
  const probes: Probe[] = [
    {
      input: 'article body link',
      query: `mutation ($body: JSON) { createArticle(input: { headline: "h", body: $body }) { body { html } } }`,
      variables: (url) => ({ body: [{ _type: 'block', children: [span], markDefs: [{ _type: 'link', _key: 'l', href: url }] }] }),
      urls: () => [],
    },
    {
      input: 'article body embed',
      query: `mutation ($body: JSON) { createArticle(input: { headline: "h", body: $body }) { body { html } } }`,
      variables: (url) => ({ body: [{ _type: 'embed', url }] }),
      urls: () => [],
    },
    {
      input: 'article related link',
      query: `mutation ($url: String) { createArticle(input: { headline: "h", related: [{ url: $url, headline: "r" }] }) { id } }`,
      variables: (url) => ({ url }),
      urls: () => [],
    },
    {
      input: 'addRelatedLink',
      query: `mutation ($id: ID!, $v: Int!, $url: String) { addRelatedLink(articleId: $id, expectedVersion: $v, link: { url: $url, headline: "r" }) { version } }`,
      variables: (url) => ({ id: baseId, v: baseVersion, url }),
      urls: () => [],
    },
    {
      input: 'promo linkUrl',
      query: `mutation ($url: String) { createPromo(input: { kind: CTA, placement: END, title: "t", linkUrl: $url }) { linkUrl body { html } } }`,
      variables: (url) => ({ url }),
      urls: (data) => [(data.createPromo as { linkUrl: string }).linkUrl],
    },
    {
      input: 'promo body link',
      query: `mutation ($body: JSON) { createPromo(input: { kind: CTA, placement: END, title: "t", body: $body }) { body { html } } }`,
      variables: (url) => ({ body: [{ _type: 'block', children: [span], markDefs: [{ _type: 'link', _key: 'l', href: url }] }] }),
      urls: () => [],
    },
    {
      input: 'media url',
      query: `mutation ($url: String) { createMedia(input: { url: $url, mimeType: "image/jpeg" }) { url } }`,
      variables: (url) => ({ url }),
      urls: (data) => [(data.createMedia as { url: string }).url],
    },
    {
      input: 'media licenceUrl',
      query: `mutation ($url: String) { createMedia(input: { url: "https://img.example/a.jpg", mimeType: "image/jpeg", licenceName: "l", licenceUrl: $url }) { credit { licence { url } } } }`,
      variables: (url) => ({ url }),
      urls: (data) => [(data.createMedia as { credit: { licence: { url: string } } }).credit.licence.url],
    },
    {
      input: 'author social link',
      query: `mutation ($url: String!) { createAuthor(input: { name: "a", socialLinks: [{ network: "x", url: $url }] }) { socialLinks { url } } }`,
      variables: (url) => ({ url }),
      urls: (data) => (data.createAuthor as { socialLinks: { url: string }[] }).socialLinks.map((link) => link.url),
    },
    {
      input: 'site url',
      query: `mutation ($url: String!, $v: Int!) { updateSiteSettings(expectedVersion: $v, input: { name: "s", language: "en", timezone: "UTC", url: $url }) { version url } }`,
      variables: (url) => ({ url, v: siteVersion }),
      urls: (data) => [(data.updateSiteSettings as { url: string }).url],
    },
    {
      input: 'site newsletter url',
      query: `mutation ($url: String!, $v: Int!) { updateSiteSettings(expectedVersion: $v, input: { name: "s", language: "en", timezone: "UTC", newsletterText: "n", newsletterUrl: $url }) { version newsletter { url } } }`,
      variables: (url) => ({ url, v: siteVersion }),
      urls: (data) => [(data.updateSiteSettings as { newsletter: { url: string } }).newsletter.url],
    },
    {
      input: 'site social link',
      query: `mutation ($url: String!, $v: Int!) { updateSiteSettings(expectedVersion: $v, input: { name: "s", language: "en", timezone: "UTC", socialLinks: [{ network: "x", url: $url }] }) { version socialLinks { url } } }`,
      variables: (url) => ({ url, v: siteVersion }),
      urls: (data) => (data.updateSiteSettings as { socialLinks: { url: string }[] }).socialLinks.map((link) => link.url),
    },
  ]

  let refused = 0
  let accepted = 0
  for (const payload of allPayloads) {
    for (const probe of probes) {
      const response = await as.admin(probe.query, probe.variables(payload))
      const where = `${probe.input} with ${JSON.stringify(payload)}`
      if (response.errors) {
        refused++
        const codes = response.errors.map((error) => error.extensions.code)
        if (!codes.every((code) => code === 'BAD_USER_INPUT')) t.fail(`${where}: refused with ${codes.join()}`)
        continue
      }
      accepted++
      if ('addRelatedLink' in response.data) baseVersion = (response.data.addRelatedLink as { version: number }).version
      if ('updateSiteSettings' in response.data) siteVersion = (response.data.updateSiteSettings as { version: number }).version
      for (const html of htmlFields(response.data)) {
        const violations = htmlViolations(html)
        if (violations.length > 0) t.fail(`${where}: unsafe HTML`, { violations, html })
      }
      for (const url of probe.urls(response.data)) {
        if (typeof url !== 'string' || !isSafeUrl(url)) t.fail(`${where}: stored an unsafe URL ${JSON.stringify(url)}`)
      }
    }
  }
  // Every scriptable scheme is refused everywhere; only http(s) URLs with odd characters get through.
  t.ok(refused > urlPayloads.length * probes.length * 0.5, `${refused} refused, ${accepted} accepted as harmless`)
  for (const scheme of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'java\tscript:alert(1)']) {
    const response = await as.admin(`mutation ($url: String) { createPromo(input: { kind: CTA, placement: END, title: "t", linkUrl: $url }) { id } }`, { url: scheme })
    t.equal(response.errors?.[0]?.extensions.code, 'BAD_USER_INPUT', `${JSON.stringify(scheme)} is refused by name`)
  }

  // REST takes the same inputs through the same schemas: the refusals are 400 with a code.
  const restProbes: [string, string, (url: string) => Record<string, unknown>][] = [
    ['POST', '/v1/articles', (url) => ({ headline: 'h', body: [{ _type: 'block', children: [span], markDefs: [{ _type: 'link', _key: 'l', href: url }] }] })],
    ['POST', '/v1/articles', (url) => ({ headline: 'h', related: [{ url, headline: 'r' }] })],
    ['POST', '/v1/promos', (url) => ({ kind: 'CTA', placement: 'END', title: 't', linkUrl: url })],
    ['POST', '/v1/media', (url) => ({ url, mimeType: 'image/jpeg' })],
    ['POST', '/v1/authors', (url) => ({ name: 'a', socialLinks: [{ network: 'x', url }] })],
    ['POST', `/v1/articles/${baseId}/related-links`, (url) => ({ url, headline: 'r' })],
  ]
  let restRefused = 0
  for (const payload of urlPayloads.filter((url) => !/^(?:https?|mailto):/i.test(url))) {
    for (const [method, url, body] of restProbes) {
      const response = await rest.admin<{ error: { code: string } }>(method as 'POST', url, { body: body(payload), ifMatch: `"v${baseVersion}"` })
      t.equal(response.status, 400, `${method} ${url} refuses ${JSON.stringify(payload)}`)
      t.equal(response.body.error.code, 'BAD_USER_INPUT')
      restRefused++
    }
  }
  t.ok(restRefused > 100, `${restRefused} REST writes refused`)
})

import t from 'tap'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'
import { restClients } from '../rest/rest-client.js'
import { decodeEntities, htmlViolations } from './fixtures/html-checker.js'
import { allPayloads } from './fixtures/xss-payloads.js'

/** Every HTML-typed value in a response (RichText.html, SearchEdge.snippet), with where it was. */
function htmlFields(value: unknown, path = '$', found: { path: string; html: string }[] = []): { path: string; html: string }[] {
  if (Array.isArray(value)) value.forEach((item, i) => htmlFields(item, `${path}[${i}]`, found))
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === 'html' || key === 'snippet') && typeof inner === 'string') found.push({ path: `${path}.${key}`, html: inner })
      else htmlFields(inner, `${path}.${key}`, found)
    }
  }
  return found
}

/** The text a browser would show for the HTML: tags dropped, entities decoded. */
const visibleText = (html: string) => decodeEntities(html.replace(/<br>/g, '\n').replace(/<[^>]*>/g, ''))

// Payloads go in groups: each group fills one article, author, section, tag, promo and the site
// settings, every payload in every field (one block each in rich text, joined in plain-text
// fields). One entity per payload would cost several minutes of writes for the same coverage.
const GROUP = 10
const groups: string[][] = []
for (let i = 0; i < allPayloads.length; i += GROUP) groups.push(allPayloads.slice(i, i + GROUP))
/** A plain-text field's value for a group, cut to the field's limit. */
const joined = (group: string[], max: number) => group.join(' ~ ').slice(0, max)

// Text inputs per group: article 13 (+ 8 body block kinds), media 8, author 5, section 3, tag 2, promo 3, site 4.
const TEXT_INPUTS = 13 + 8 + 8 + 5 + 3 + 2 + 3 + 4

void t.test('XSS payloads in every text and rich-text input come back inert, over GraphQL and REST', async (t) => {
  const { app, database } = await buildTestApp(t, { GRAPHQL_MAX_COST: '1000000', RATE_LIMIT_ENABLED: 'false', LOAD_SHEDDING: 'false' })
  const as = await editorClients(app, database)
  const rest = await restClients(app, database)
  const ok = <T>(response: { status: number; data: T; errors?: unknown }, what: string): T => {
    t.same({ status: response.status, errors: response.errors }, { status: 200, errors: undefined }, what)
    return response.data
  }

  let htmlChecked = 0
  const check = (response: unknown, where: string) => {
    for (const { path, html } of htmlFields(response)) {
      htmlChecked++
      const violations = htmlViolations(html)
      if (violations.length > 0) t.fail(`${where} ${path} is not inert`, { violations, html })
    }
  }

  const written: { g: number; group: string[]; articleId: string; slug: string; promoId: string; authorId: string; mediaIds: string[] }[] = []
  for (const [g, group] of groups.entries()) {
    const mediaMutations = group.map(
      (_, i) => `
        a${i}: createMedia(input: { url: "https://img.example/${g}-${i}a.jpg", mimeType: "image/jpeg", alt: $p${i}, caption: $p${i}, creditLine: $p${i}, width: 10, height: 10 }) { id }
        b${i}: createMedia(input: { url: "https://img.example/${g}-${i}b.jpg", mimeType: "image/jpeg", alt: $p${i}, caption: $p${i}, creditCreator: $p${i}, creditProvider: $p${i}, licenceName: $p${i} }) { id }`,
    )
    const entities = ok(
      await as.editor<Record<string, { id: string }>>(
        `mutation (${group.map((_, i) => `$p${i}: String!`).join(', ')}, $text: String!, $short: String!, $network: String!) {
          ${mediaMutations.join('\n')}
          author: createAuthor(input: { slug: "xss-author-${g}", name: $short, roleTitle: $short, bio: $text,
            socialLinks: [{ network: $network, url: "https://social.example/x", handle: $short }] }) { id }
          section: createSection(input: { slug: "xss-section-${g}", name: $short, description: $text, tagline: $short }) { id }
          tag: createTag(input: { slug: "xss-tag-${g}", name: $short, description: $text }) { id }
        }`,
        { ...Object.fromEntries(group.map((p, i) => [`p${i}`, p.slice(0, 200)])), text: joined(group, 1000), short: joined(group, 100), network: joined(group, 50) },
      ),
      `media, author, section and tag for group ${g}`,
    )
    const span = (text: string, marks: string[] = []) => ({ _type: 'span', text, marks })
    const body = group.flatMap((P, i) => [
      { _type: 'block', style: 'h2', children: [span(P)], markDefs: [] },
      { _type: 'block', style: 'normal', children: [span(P), span(P, ['strong', 'em']), span(P, ['l'])], markDefs: [{ _type: 'link', _key: 'l', href: 'https://example.com/safe' }] },
      { _type: 'block', style: 'blockquote', children: [span(P, ['code', 'underline', 'strike-through'])], markDefs: [] },
      { _type: 'block', style: 'normal', listItem: 'bullet', level: 1, children: [span(P)], markDefs: [] },
      { _type: 'block', style: 'normal', listItem: 'number', level: 2, children: [span(P)], markDefs: [] },
      { _type: 'image', mediaId: entities[`a${i}`]?.id, caption: P },
      { _type: 'image', mediaId: entities[`b${i}`]?.id },
      { _type: 'embed', url: `https://video.example/${g}/${i}`, title: P, provider: P.slice(0, 100) },
    ])
    const slug = `xss-${g}`
    const article = ok(
      await as.editor<{ createArticle: { id: string; version: number } }>(`mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id version } }`, {
        input: {
          slug,
          headline: joined(group, 300),
          seoTitle: joined(group, 300),
          seoDescription: joined(group, 500),
          dek: joined(group, 1000),
          label: joined(group, 50),
          teaser: joined(group, 2000),
          revisionMessage: joined(group, 500),
          body,
          sectionId: entities.section?.id,
          tagIds: [entities.tag?.id],
          authors: [{ authorId: entities.author?.id, role: joined(group, 50) }],
          leadImageId: entities.b0?.id,
          leadImageCaption: joined(group, 2000),
          related: [{ url: `https://example.com/related/${g}`, headline: joined(group, 300), teaser: joined(group, 1000) }],
        },
      }),
      `article for group ${g}`,
    ).createArticle
    const promoAndPublish = ok(
      await as.admin<{ createPromo: { id: string } }>(
        `mutation ($id: ID!, $v: Int!, $title: String!, $label: String!, $body: JSON, $s: ID, $siteVersion: Int!, $text: String!) {
          publishArticle(id: $id, expectedVersion: $v) { id }
          createPromo(input: { kind: CTA, placement: END, title: $title, body: $body, linkUrl: "https://example.com/promo", linkLabel: $label, sectionId: $s }) { id }
          updateSiteSettings(expectedVersion: $siteVersion, input: { name: $label, tagline: $title, newsletterTitle: $label, newsletterText: $text, language: "en", timezone: "UTC" }) { version }
        }`,
        {
          id: article.id,
          v: article.version,
          title: joined(group, 300),
          label: joined(group, 100),
          text: joined(group, 2000),
          body: group.map((P) => ({ _type: 'block', children: [span(P)], markDefs: [] })),
          s: entities.section?.id,
          siteVersion: g,
        },
      ),
      `publish, promo and site for group ${g}`,
    )
    // The site settings are overwritten by the next group, so they are read back now.
    const site = await as.public<{ site: unknown }>(`{ site { name tagline newsletter { title text } } }`)
    t.same(
      site.data.site,
      { name: joined(group, 100).trim(), tagline: joined(group, 300).trim(), newsletter: { title: joined(group, 100).trim(), text: joined(group, 2000).trim() } },
      `site settings keep group ${g} as plain text`,
    )
    const siteRest = await rest.public('GET', '/v1/site')
    t.match(siteRest.body, { name: joined(group, 100).trim() })
    written.push({
      g,
      group,
      articleId: article.id,
      slug,
      promoId: promoAndPublish.createPromo.id,
      authorId: entities.author?.id ?? '',
      mediaIds: group.flatMap((_, i) => [entities[`a${i}`]?.id ?? '', entities[`b${i}`]?.id ?? '']),
    })
  }

  const articleSelection = `id headline dek teaser seoTitle seoDescription label kicker
    body { html text }
    bylines { role author { name roleTitle bio socialLinks { network url handle } } }
    leadImage { alt caption credit { line creator provider licence { name } } }
    section { name description tagline }
    tags { name description }`
  for (const { g, group, articleId, slug, promoId, authorId, mediaIds } of written) {
    const page = await as.public<{
      articlePage: {
        article: { headline: string; dek: string; teaser: string; body: { html: string; text: string }; bylines: { role: string; author: { bio: string } }[]; leadImage: { caption: string } }
        relatedLinks: { headline: string; teaser: string }[]
        promos: { title: string }[]
      }
    }>(
      `query ($slug: String!) { articlePage(slug: $slug) {
        article { ${articleSelection} }
        relatedLinks(first: 5) { headline teaser url }
        promos { title linkLabel body { html text } }
        latest(first: 3) { headline body { html } }
      } }`,
      { slug },
    )
    t.equal(page.errors, undefined, `article page ${g} reads`)
    check(page, `GraphQL articlePage ${g}`)
    const { article, relatedLinks, promos } = page.data.articlePage
    // Plain-text fields come back as written: the API neither renders nor mangles them.
    t.equal(article.headline, joined(group, 300).trim(), `headline ${g} is the payloads as text`)
    t.equal(article.dek, joined(group, 1000).trim())
    t.equal(article.teaser, joined(group, 2000).trim())
    t.equal(article.bylines[0]?.author.bio, joined(group, 1000).trim())
    t.equal(article.leadImage.caption, joined(group, 2000).trim())
    t.equal(relatedLinks[0]?.headline, joined(group, 300).trim())
    t.ok(promos.some((promo) => promo.title === joined(group, 300).trim()), 'the promo is on the page')
    // The body's HTML shows each payload as text: escaped, not stripped (line breaks become <br>).
    const shown = visibleText(article.body.html)
    for (const P of group) {
      if (!/[\r\n\u2028]/.test(P)) t.ok(shown.includes(P), `body HTML shows ${JSON.stringify(P)} as text`)
      t.ok(article.body.text.includes(P.replace(/\r\n?/g, '\n')), 'and the plain text keeps it')
    }

    const graphqlReads = await as.public(
      `query ($id: ID!, $promo: ID!, $author: ID!) {
        article(id: $id) { ${articleSelection} related(first: 3) { headline body { html } } }
        promo(id: $promo) { title linkLabel body { html text } }
        author(id: $author) { name bio articles(first: 5) { nodes { body { html } } } }
        ${mediaIds.map((id, i) => `m${i}: media(id: "${id}") { alt caption credit { line licence { name } } }`).join('\n')}
      }`,
      { id: articleId, promo: promoId, author: authorId },
    )
    t.equal(graphqlReads.errors, undefined)
    check(graphqlReads, `GraphQL reads ${g}`)

    for (const url of [`/v1/articles/${articleId}`, `/v1/articles/slug/${slug}`, `/v1/article-pages/${slug}`, `/v1/promos/${promoId}`, `/v1/authors/${authorId}`, `/v1/media/${mediaIds[0]}`]) {
      const response = await rest.public('GET', url)
      t.equal(response.status, 200, `GET ${url}`)
      check(response.body, `REST ${url}`)
    }
  }

  const lists = await as.public<{ search: { edges: { snippet: string }[] } }>(
    `{ articles(first: 100) { nodes { body { html } } } latest(first: 100) { body { html } } promos { body { html } }
       search(query: "alert", first: 100) { totalCount edges { snippet node { body { html } } } } }`,
  )
  t.equal(lists.errors, undefined)
  check(lists, 'GraphQL lists and search')
  // Payloads that are all URLs are indexed as URL tokens, so not every group matches the word.
  t.ok(lists.data.search.edges.length >= groups.length / 2, `search finds the payloads (${lists.data.search.edges.length} articles)`)
  t.ok(lists.data.search.edges.some((edge) => edge.snippet.includes('&lt;')), 'snippets carry escaped markup')
  for (const url of ['/v1/articles?first=100', '/v1/latest?first=100', '/v1/promos', '/v1/search?q=alert&first=100', '/v1/search?q=script&first=100', '/v1/search?q=onerror&first=100', '/v1/search?q=javascript&first=100']) {
    const response = await rest.public('GET', url)
    t.equal(response.status, 200, `GET ${url}`)
    check(response.body, `REST ${url}`)
  }
  t.ok(htmlChecked >= groups.length * 15, `${htmlChecked} HTML values checked; ${allPayloads.length} payloads × ${TEXT_INPUTS} text inputs`)
})

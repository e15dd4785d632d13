import t from 'tap'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const ARTICLE = `query ($slug: String!) {
  article(slug: $slug) {
    id slug version headline seoTitle dek label kicker teaser publishedAt redirectedFrom
    section { name slug }
    authors { name slug }
    bylines { role author { slug } }
    tags { slug }
    body { json html text wordCount readingMinutes }
    leadImage { url alt caption width credit { creator provider line licence { name url valid } } }
  }
}`

interface ArticleData {
  article: null | {
    id: string
    slug: string
    headline: string
    seoTitle: string
    kicker: string | null
    teaser: string
    redirectedFrom: string | null
    publishedAt: string
    section: { name: string; slug: string } | null
    authors: { name: string; slug: string }[]
    bylines: { role: string; author: { slug: string } }[]
    tags: { slug: string }[]
    body: { json: unknown[]; html: string; text: string; wordCount: number; readingMinutes: number }
    leadImage: null | { url: string; alt: string; caption: string | null; credit: { creator: string; provider: string; line: string; licence: { name: string; url: string; valid: boolean } } }
  }
}

t.test('article(slug:)', async (t) => {
  const { graphql, database } = await buildTestApp(t)
  const f = fixtures(database.db)
  const regions = await f.section({ slug: 'regions', name: 'Regions' })
  const middleEast = await f.section({ slug: 'middle-east', name: 'Middle East', parentId: regions.id })
  const lead = await f.author({ slug: 'lead', name: 'Lead Writer' })
  const second = await f.author({ slug: 'second', name: 'Second Writer' })
  const gulf = await f.tag({ slug: 'gulf' })
  const photo = await f.media({ caption: 'Default caption', creditCreator: 'Ana Ruiz', creditProvider: 'Flickr', licenceName: 'CC BY 2.0', licenceUrl: 'https://creativecommons.org/licenses/by/2.0/' })
  const story = await f.article({
    slug: 'talks-resume',
    headline: 'Talks resume',
    dek: 'A first meeting in months — and a cautious tone',
    label: 'Analysis',
    sectionId: middleEast.id,
    leadImageId: photo.id,
    leadImageCaption: 'Delegates arrive in Muscat.',
    paragraphs: ['Talks **resumed** on 3 March 2026 in Muscat.', 'Neither side expects a quick deal.', 'A third paragraph.'],
    authors: [{ id: second.id, role: 'Reporting by' }, { id: lead.id }],
    tagIds: [gulf.id],
  })

  t.test('returns everything an article page shows', async (t) => {
    const { status, data } = await graphql<ArticleData>(ARTICLE, { slug: 'talks-resume' })
    t.equal(status, 200)
    const article = data.article!
    t.equal(article.id, story.id)
    t.equal(article.headline, 'Talks resume')
    t.equal(article.seoTitle, 'Talks resume', 'SEO title falls back to the headline')
    t.equal(article.kicker, 'Analysis | Middle East')
    t.same(article.section, { name: 'Middle East', slug: 'middle-east' })
    t.same(article.authors.map((a) => a.slug), ['second', 'lead'], 'authors in byline order')
    t.same(article.bylines.map((b) => b.role), ['Reporting by', 'By'])
    t.same(article.tags, [{ slug: 'gulf' }])
    t.match(article.body.html, /^<p>Talks <strong>resumed<\/strong> on 3 March 2026 in Muscat\.<\/p>/)
    t.equal(article.body.text, 'Talks resumed on 3 March 2026 in Muscat.\n\nNeither side expects a quick deal.\n\nA third paragraph.')
    t.equal(article.body.wordCount, 17)
    t.equal(article.body.readingMinutes, 1)
    t.equal(article.body.json.length, 3)
    t.equal(article.teaser, 'Talks resumed on 3 March 2026 in Muscat.\n\nNeither side expects a quick deal.', 'teaser falls back to the opening paragraphs')
    t.equal(article.leadImage?.caption, 'Delegates arrive in Muscat.', "the article's caption overrides the image default")
    t.same(article.leadImage?.credit, {
      creator: 'Ana Ruiz',
      provider: 'Flickr',
      line: 'Ana Ruiz/Flickr',
      licence: { name: 'CC BY 2.0', url: 'https://creativecommons.org/licenses/by/2.0/', valid: true },
    })
    t.equal(article.redirectedFrom, null)
  })

  t.test('an editor-written teaser wins over the fallback', async (t) => {
    await f.article({ slug: 'with-teaser', teaser: 'Written by an editor.' })
    const { data } = await graphql<ArticleData>(ARTICLE, { slug: 'with-teaser' })
    t.equal(data.article?.teaser, 'Written by an editor.')
  })

  t.test('a former slug finds the article and says so', async (t) => {
    await f.redirect('talks-restart', story.id)
    const { data } = await graphql<ArticleData>(ARTICLE, { slug: 'talks-restart' })
    t.equal(data.article?.slug, 'talks-resume')
    t.equal(data.article?.redirectedFrom, 'talks-restart')
  })

  t.test('the public sees nothing outside the published window', async (t) => {
    await f.article({ slug: 'a-draft', status: 'draft' })
    await f.article({ slug: 'embargoed', status: 'scheduled', publishAt: new Date(Date.now() + 3_600_000) })
    await f.article({ slug: 'expired', status: 'published', publishAt: hoursAgo(48), unpublishAt: hoursAgo(1) })
    await f.article({ slug: 'retracted', status: 'unpublished', publishAt: hoursAgo(48) })
    await f.article({ slug: 'trashed', deletedAt: new Date() })
    const draftTarget = await f.article({ slug: 'draft-behind-redirect', status: 'draft' })
    await f.redirect('old-draft-slug', draftTarget.id)
    for (const slug of ['a-draft', 'embargoed', 'expired', 'retracted', 'trashed', 'old-draft-slug', 'never-existed']) {
      const { status, data, errors } = await graphql<ArticleData>(ARTICLE, { slug })
      t.equal(status, 200, slug)
      t.equal(data.article, null, `${slug} is not public`)
      t.equal(errors, undefined)
    }
  })

  t.test('a scheduled article goes live at its instant without any job running', async (t) => {
    await f.article({ slug: 'went-live', status: 'scheduled', publishAt: new Date(Date.now() - 1000) })
    const { data } = await graphql<ArticleData>(ARTICLE, { slug: 'went-live' })
    t.equal(data.article?.slug, 'went-live')
  })

  t.test('a malformed slug is simply not found', async (t) => {
    const { data, errors } = await graphql<ArticleData>(ARTICLE, { slug: "'; DROP TABLE articles; --" })
    t.equal(data.article, null)
    t.equal(errors, undefined)
  })

  t.test('agency credit lines keep their exact form; expired licences say so', async (t) => {
    const agency = await f.media({ creditCreator: 'Jo Park', creditProvider: 'Reuters', creditLine: 'REUTERS/Jo Park', licenceName: 'Editorial', licenceExpiresAt: hoursAgo(1) })
    await f.article({ slug: 'agency-photo', leadImageId: agency.id })
    const { data } = await graphql<ArticleData>(ARTICLE, { slug: 'agency-photo' })
    t.equal(data.article?.leadImage?.credit.line, 'REUTERS/Jo Park')
    t.equal(data.article?.leadImage?.credit.licence.valid, false)
    t.equal(data.article?.leadImage?.caption, null)
  })
})

import t from 'tap'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures } from '../helpers/fixtures.js'
import { buildTestApp } from '../helpers/test-app.js'

const LINKS = 'version relatedLinks: related(first: 20) { slug }'
const PAGE_LINKS = `query ($slug: String!) { articlePage(slug: $slug) { relatedLinks(first: 10) { source headline url article { slug } } } }`

t.test('related links are edited as part of their article', async (t) => {
  const { app, database, graphql } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const [host, a, b] = [await f.article({ slug: 'host' }), await f.article({ slug: 'target-a' }), await f.article({ slug: 'target-b' })]
  const rail = async () =>
    (await graphql<{ articlePage: { relatedLinks: { source: string; headline: string; url: string | null; article: { slug: string } | null }[] } }>(PAGE_LINKS, { slug: 'host' })).data.articlePage.relatedLinks
      .filter((l) => l.source === 'CURATED')
      .map((l) => l.article?.slug ?? l.url)

  const added = await as.editor<{ addRelatedLink: { version: number } }>(`mutation ($id: ID!, $a: ID!) { addRelatedLink(articleId: $id, expectedVersion: 1, link: { articleId: $a }) { ${LINKS} } }`, { id: host.id, a: a.id })
  t.equal(added.data.addRelatedLink.version, 2)
  await as.editor(`mutation ($id: ID!) { addRelatedLink(articleId: $id, expectedVersion: 2, link: { url: "https://report.example/x", headline: "The report" }, position: 0) { version } }`, { id: host.id })
  t.same(await rail(), ['https://report.example/x', 'target-a'])

  await as.editor(`mutation ($id: ID!, $b: ID!) { updateRelatedLink(articleId: $id, expectedVersion: 3, position: 1, link: { articleId: $b, headline: "Read this" }) { version } }`, { id: host.id, b: b.id })
  t.same(await rail(), ['https://report.example/x', 'target-b'])
  await as.editor(`mutation ($id: ID!) { removeRelatedLink(articleId: $id, expectedVersion: 4, position: 0) { version } }`, { id: host.id })
  t.same(await rail(), ['target-b'])

  const stale = await as.editor(`mutation ($id: ID!) { removeRelatedLink(articleId: $id, expectedVersion: 4, position: 0) { version } }`, { id: host.id })
  t.equal(stale.errors?.[0]?.extensions.code, 'VERSION_CONFLICT')
  const self = await as.editor(`mutation ($id: ID!) { addRelatedLink(articleId: $id, expectedVersion: 5, link: { articleId: $id }) { version } }`, { id: host.id })
  t.match(self.errors?.[0]?.extensions.problems, [{ path: ['input', 'related', 1, 'articleId'], message: 'cannot be the article itself' }])
  const past = await as.editor(`mutation ($id: ID!) { removeRelatedLink(articleId: $id, expectedVersion: 5, position: 7) { version } }`, { id: host.id })
  t.match(past.errors?.[0]?.extensions.problems, [{ path: ['position'] }])

  const restored = await as.editor<{ restoreArticleRevision: { version: number } }>(`mutation ($id: ID!) { restoreArticleRevision(id: $id, revision: 3, expectedVersion: 5) { version } }`, { id: host.id })
  t.equal(restored.data.restoreArticleRevision.version, 6)
  t.same(await rail(), ['https://report.example/x', 'target-a'], 'restoring a revision brings its links back')
  t.equal((await as.public(`mutation ($id: ID!) { removeRelatedLink(articleId: $id, expectedVersion: 6, position: 0) { version } }`, { id: host.id })).status, 401)
})

import t from 'tap'
import type { Role } from '../../src/db/tables/api-tokens.js'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'

const NO_ID = '00000000-0000-4000-8000-00000000dead'
type Who = Role | 'public'
const ranks: Who[] = ['public', 'preview', 'contributor', 'editor', 'admin']

/** Each mutation and the least role that may call it. */
const mutations: [string, Role][] = [
  [`createArticle(input: { headline: "" }) { id }`, 'contributor'],
  [`updateArticle(id: "${NO_ID}", expectedVersion: 1, input: { dek: "x" }) { id }`, 'contributor'],
  [`restoreArticleRevision(id: "${NO_ID}", revision: 1, expectedVersion: 1) { id }`, 'contributor'],
  [`publishArticle(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
  [`unpublishArticle(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
  [`deleteArticle(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
  [`restoreArticle(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
  [`purgeArticle(id: "${NO_ID}", expectedVersion: 1)`, 'admin'],
  [`addRelatedLink(articleId: "${NO_ID}", expectedVersion: 1, link: { url: "https://x.example", headline: "x" }) { id }`, 'contributor'],
  [`updateRelatedLink(articleId: "${NO_ID}", expectedVersion: 1, position: 0, link: { url: "https://x.example", headline: "x" }) { id }`, 'contributor'],
  [`removeRelatedLink(articleId: "${NO_ID}", expectedVersion: 1, position: 0) { id }`, 'contributor'],
  [`createApiToken(input: { name: "", role: EDITOR }) { token }`, 'admin'],
  [`revokeApiToken(id: "${NO_ID}") { id }`, 'admin'],
  [`updateSiteSettings(expectedVersion: 99, input: { name: "x" }) { name }`, 'admin'],
  ...(['Section', 'Author', 'Promo'] as const).flatMap((type): [string, Role][] => [
    [`create${type}(input: {}) { id }`, 'editor'],
    [`update${type}(id: "${NO_ID}", expectedVersion: 1, input: { title: "x", name: "x" } ) { id }`.replace(type === 'Promo' ? 'name: "x"' : 'title: "x", ', ''), 'editor'],
    [`delete${type}(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
    [`restore${type}(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
    [`purge${type}(id: "${NO_ID}", expectedVersion: 1)`, 'admin'],
  ]),
  ...(['Tag', 'Media'] as const).flatMap((type): [string, Role][] => [
    [`create${type}(input: {}) { id }`, 'contributor'],
    [`update${type}(id: "${NO_ID}", expectedVersion: 1, input: { ${type === 'Tag' ? 'name' : 'alt'}: "x" }) { id }`, 'contributor'],
    [`delete${type}(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
    [`restore${type}(id: "${NO_ID}", expectedVersion: 1) { id }`, 'editor'],
    [`purge${type}(id: "${NO_ID}", expectedVersion: 1)`, 'admin'],
  ]),
]

t.test('every mutation under every role', async (t) => {
  const { app, database } = await buildTestApp(t)
  const as = await editorClients(app, database)
  for (const [field, least] of mutations) {
    for (const who of ranks) {
      const response = await as[who](`mutation { ${field} }`)
      const code = response.errors?.[0]?.extensions.code
      const name = `${field.split('(')[0] ?? field} as ${who}`
      if (who === 'public') {
        t.equal(code, 'UNAUTHENTICATED', name)
        t.equal(response.status, 401, name)
      } else if (ranks.indexOf(who) < ranks.indexOf(least)) {
        t.equal(code, 'FORBIDDEN', name)
        t.equal(response.status, 403, name)
      } else {
        // Allowed: it gets past the role check to the real work (here: bad input, unknown id, stale version).
        t.ok(code && !['UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL_SERVER_ERROR'].includes(code), `${name}: ${String(code)}`)
      }
    }
  }
})

import { sql } from 'drizzle-orm'
import t from 'tap'
import { dataSetSize, generateData } from '../../bench/generate-data.js'
import { editorClients } from '../helpers/editor-client.js'
import { buildTestApp } from '../helpers/test-app.js'
import { count, rows } from '../webhooks/webhook-test-kit.js'
import { servedArticleRenditions, servedPromoRenditions, storedArticleRenditions, storedPromoRenditions } from '../domain/renditions/renditions-kit.js'

t.test('the bench data generator writes every body with its renditions', async (t) => {
  const { app, database } = await buildTestApp(t)
  const db = database.db
  await generateData(database, dataSetSize(60), 7, new Date())
  t.equal(await count(db, 'articles'), 60)
  t.equal(await count(db, 'articles', sql`body_html IS NULL OR excerpt IS NULL OR word_count IS NULL`), 0, 'no article lacks a rendition')
  t.equal(await count(db, 'promo_blocks', sql`body_html IS NULL OR body_text IS NULL`), 0, 'nor a promo')
  const as = await editorClients(app, database)
  const articleIds = (await rows(db, sql`SELECT id FROM articles WHERE teaser IS NULL ORDER BY id LIMIT 8`)).map((row) => row.id as string)
  t.ok(articleIds.length > 0)
  const stored = await storedArticleRenditions(db, articleIds)
  for (const id of articleIds) t.same(stored.get(id), await servedArticleRenditions(as.preview, id), `article ${id} as the API renders it`)
  const promoIds = (await rows(db, sql`SELECT id FROM promo_blocks`)).map((row) => row.id as string)
  const storedPromos = await storedPromoRenditions(db, promoIds)
  for (const id of promoIds) t.same(storedPromos.get(id), await servedPromoRenditions(as.preview, id), `promo ${id}`)
})

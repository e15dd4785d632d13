import { sql } from 'drizzle-orm'
import t, { type Test } from 'tap'
import { fillMissingRenditions, unfilledAfterSql } from '../../../src/domain/renditions/fill-missing-renditions.js'
import { editorClients } from '../../helpers/editor-client.js'
import { fixtures } from '../../helpers/fixtures.js'
import { buildTestApp } from '../../helpers/test-app.js'
import { count, rows } from '../../webhooks/webhook-test-kit.js'
import { richBody, servedArticleRenditions, servedPromoRenditions, storedArticleRenditions, storedPromoRenditions } from './renditions-kit.js'

const BULK = 1_100

t.test('start-up fills the renditions of rows written without them, in batches, once', async (t) => {
  const { app, database, countStatements } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const db = database.db
  const photo = await f.media({ alt: 'Harbour', creditCreator: 'Ana Lima' })
  const trashed = await f.media({ alt: 'Gone', deletedAt: new Date() })
  const stories = [await f.article({ body: richBody(photo.id) as never }), await f.article({ body: richBody(trashed.id) as never }), await f.article({ status: 'draft' })]
  const promo = await f.promo({ body: richBody(photo.id) as never })
  // Rows as an older version wrote them: a body and its plain text, no renditions.
  await db.execute(sql`
    INSERT INTO articles (slug, headline, body, body_text)
    SELECT 'bulk-' || g, 'Bulk ' || g,
           jsonb_build_array(jsonb_build_object('_type', 'block', '_key', 'b0', 'style', 'normal', 'markDefs', '[]'::jsonb,
             'children', jsonb_build_array(jsonb_build_object('_type', 'span', 'text', 'Paragraph number ' || g || ' of the story.', 'marks', '[]'::jsonb)))),
           'Paragraph number ' || g || ' of the story.'
    FROM generate_series(1, ${BULK}) AS g`)
  const unfill = async () => {
    await db.execute(sql`UPDATE articles SET body_html = NULL, excerpt = NULL, word_count = NULL`)
    await db.execute(sql`UPDATE promo_blocks SET body_html = NULL, body_text = NULL`)
  }
  await unfill()
  const total = BULK + stories.length
  const unfilled = () => count(db, 'articles', sql`body_html IS NULL OR excerpt IS NULL OR word_count IS NULL`)
  const sample = async () => [...stories.map((s) => s.id), ...(await rows(db, sql`SELECT id FROM articles WHERE slug IN ('bulk-1', 'bulk-777', 'bulk-1100')`)).map((r) => r.id as string)]
  const allServed = async (t: Test, what: string) => {
    const ids = await sample()
    const stored = await storedArticleRenditions(db, ids)
    for (const id of ids) t.same(stored.get(id), await servedArticleRenditions(as.preview, id), `${what}: article ${id} as the API renders it`)
    t.same((await storedPromoRenditions(db, [promo.id])).get(promo.id), await servedPromoRenditions(as.preview, promo.id), `${what}: the promo too`)
  }
  const versions = () => rows(db, sql`SELECT id, version, updated_at FROM articles ORDER BY id`)

  t.test('a fill', async (t) => {
    t.equal(await unfilled(), total)
    const before = await versions()
    const { result, statements } = await countStatements(() => fillMissingRenditions(db))
    t.same(result, { articles: total, promos: 1 })
    t.equal(await unfilled(), 0, 'every row has its renditions')
    t.equal(await count(db, 'promo_blocks', sql`body_html IS NULL OR body_text IS NULL`), 0)
    await allServed(t, 'filled')
    t.same(await versions(), before, 'derived data: no version or timestamp moves')
    // Per batch of 500 (three of articles, one of promos): find, BEGIN, lock, read media, write,
    // COMMIT; then one last look for more in each table.
    const batches = Math.ceil(total / 500) + 1
    t.ok(statements <= 6 * batches + 2, `${statements} statements for ${total} rows: they go in batches`)
  })

  t.test('a second fill finds nothing to do', async (t) => {
    const before = await rows(db, sql`SELECT id, body_html, excerpt, word_count FROM articles ORDER BY id`)
    t.same(await fillMissingRenditions(db), { articles: 0, promos: 0 })
    t.same(await rows(db, sql`SELECT id, body_html, excerpt, word_count FROM articles ORDER BY id`), before)
    // Finding nothing must not read every article: at a million that outlived the statement timeout.
    await db.execute(sql`ANALYZE articles`)
    const plan = (await rows(db, sql`EXPLAIN ${unfilledAfterSql('articles', '00000000-0000-0000-0000-000000000000')}`)).map((r) => String(r['QUERY PLAN'])).join('\n')
    t.match(plan, /Index (Only )?Scan using articles_renditions_missing_idx/, plan)
  })

  t.test('instances starting at once fill every row exactly once between them', async (t) => {
    await unfill()
    const results = await Promise.all([fillMissingRenditions(db), fillMissingRenditions(db), fillMissingRenditions(db)])
    t.equal(results.reduce((sum, r) => sum + r.articles, 0), total, 'no row is filled twice')
    t.equal(results.reduce((sum, r) => sum + r.promos, 0), 1)
    t.equal(await unfilled(), 0)
    await allServed(t, 'filled concurrently')
  })

  t.test('migrating fills them (start-up, the migrate CLI, test databases)', async (t) => {
    await unfill()
    await database.migrate()
    t.equal(await unfilled(), 0)
    await allServed(t, 'after migrate')
  })
})

import { sql, type SQL } from 'drizzle-orm'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import t from 'tap'
import type { Database } from '../../src/db/database.js'
import { resultRows } from '../../src/domain/articles/articles.repository.js'
import { listArticles, listArticlesForOwners } from '../../src/domain/articles/articles.service.js'
import { ReadScope } from '../../src/domain/read-scope.js'
import { automaticPicksSql } from '../../src/domain/related/related.repository.js'
import { editorClients } from '../helpers/editor-client.js'
import { fixtures, hoursAgo } from '../helpers/fixtures.js'
import { copyOfMigrations } from '../helpers/migrations-copy.js'
import { buildTestApp } from '../helpers/test-app.js'
import { openTestDatabase } from '../helpers/test-database.js'

// article_tags and article_authors carry copies of their article's publish_at and listing state
// (migrations 0006, 0007), so a tag's or an author's newest live stories come from one index.
// These tests pin that the copies stay exact through every kind of write, in both tables, and
// that the reads go through those indexes.

interface Copy {
  /** `tag:<slug>` or `author:<slug>`. */
  link: string
  publishAt: string | null
  listed: boolean
}

async function copiesOf(database: Pick<Database, 'db'>, articleId: string): Promise<Copy[]> {
  const rows = resultRows(
    await database.db.execute(sql`
      SELECT 'tag:' || t.slug AS link, l.article_publish_at AS publish_at, l.article_listed AS listed
      FROM article_tags l JOIN tags t ON t.id = l.tag_id WHERE l.article_id = ${articleId}::uuid
      UNION ALL
      SELECT 'author:' || au.slug, l.article_publish_at, l.article_listed
      FROM article_authors l JOIN authors au ON au.id = l.author_id WHERE l.article_id = ${articleId}::uuid
      ORDER BY link`),
  )
  return rows.map((row) => ({
    link: String(row.link),
    publishAt: row.publish_at === null ? null : new Date(row.publish_at as string).toISOString(),
    listed: row.listed === true,
  }))
}

/** The same copy on every link of an article. */
const copies = (links: string[], publishAt: string | null, listed: boolean): Copy[] => links.map((link) => ({ link, publishAt, listed }))

const FIELDS = 'id version status publishedAt deletedAt'
const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { ${FIELDS} } }`
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`
const PUBLISH = `mutation ($id: ID!, $v: Int!, $at: DateTime) { publishArticle(id: $id, expectedVersion: $v, at: $at) { ${FIELDS} } }`
const UNPUBLISH = `mutation ($id: ID!, $v: Int!) { unpublishArticle(id: $id, expectedVersion: $v) { ${FIELDS} } }`
const DELETE = `mutation ($id: ID!, $v: Int!) { deleteArticle(id: $id, expectedVersion: $v) { ${FIELDS} } }`
const RESTORE = `mutation ($id: ID!, $v: Int!) { restoreArticle(id: $id, expectedVersion: $v) { ${FIELDS} } }`
const RAIL = `query ($slug: String!) { articlePage(slug: $slug) { related(first: 5) { slug } } }`

interface Written {
  id: string
  version: number
  publishedAt: string | null
}

t.test('the editors API keeps every tagging and byline row in step with its article', async (t) => {
  const { app, database, graphql } = await buildTestApp(t)
  const as = await editorClients(app, database)
  const f = fixtures(database.db)
  const energy = await f.tag({ slug: 'energy' })
  const grid = await f.tag({ slug: 'grid' })
  const lena = await f.author({ slug: 'lena' })
  const omar = await f.author({ slug: 'omar' })
  const section = await f.section({ slug: 'business' })
  const body = [{ _type: 'block', _key: 'p0', style: 'normal', markDefs: [], children: [{ _type: 'span', text: 'Storage is full.', marks: [] }] }]
  // A page whose rail has no curated links, so it is all automatic picks.
  await f.article({ slug: 'reader', tagIds: [energy.id] })
  const rail = async () => (await graphql<{ articlePage: { related: { slug: string }[] } }>(RAIL, { slug: 'reader' })).data.articlePage.related.map((a) => a.slug)
  const write = async (query: string, variables: Record<string, unknown>, field: string): Promise<Written> => {
    const response = await as.editor<Record<string, Written>>(query, variables)
    t.equal(response.status, 200, JSON.stringify(response.errors))
    return response.data[field] as Written
  }

  let story = await write(CREATE, { input: { headline: 'Storage before winter', slug: 'storage', sectionId: section.id, body, tagIds: [energy.id, grid.id], authors: [{ authorId: lena.id }] } }, 'createArticle')
  t.same(await copiesOf(database, story.id), copies(['author:lena', 'tag:energy', 'tag:grid'], null, false), 'a draft is not listed')

  story = await write(PUBLISH, { id: story.id, v: story.version }, 'publishArticle')
  const published = story.publishedAt
  t.same(await copiesOf(database, story.id), copies(['author:lena', 'tag:energy', 'tag:grid'], published, true), 'publishing lists it, with its publish instant')
  t.same(await rail(), ['storage'], 'and the rail picks it up')

  story = await write(UPDATE, { id: story.id, v: story.version, input: { tagIds: [grid.id, energy.id] } }, 'updateArticle')
  story = await write(UPDATE, { id: story.id, v: story.version, input: { tagIds: [energy.id], authors: [{ authorId: omar.id }, { authorId: lena.id }] } }, 'updateArticle')
  const links = ['author:lena', 'author:omar', 'tag:energy']
  t.same(await copiesOf(database, story.id), copies(links, published, true), 'new tags and bylines are written with the same copies')

  story = await write(DELETE, { id: story.id, v: story.version }, 'deleteArticle')
  t.same(await copiesOf(database, story.id), copies(links, published, false), 'the trash unlists it')
  t.same(await rail(), [], 'and the rail drops it at once')

  story = await write(RESTORE, { id: story.id, v: story.version }, 'restoreArticle')
  t.same(await copiesOf(database, story.id), copies(links, published, true), 'restoring lists it again')
  t.same(await rail(), ['storage'])

  story = await write(UNPUBLISH, { id: story.id, v: story.version }, 'unpublishArticle')
  t.same(await copiesOf(database, story.id), copies(links, published, false), 'unpublishing unlists it')
  t.same(await rail(), [])

  const later = new Date(Date.now() + 3_600_000)
  later.setMilliseconds(0)
  story = await write(PUBLISH, { id: story.id, v: story.version, at: later.toISOString() }, 'publishArticle')
  t.same(await copiesOf(database, story.id), copies(links, later.toISOString(), true), 'scheduling lists it at its future instant')
  t.same(await rail(), [], 'which the rail does not show before its time')
})

t.test('any writer of the tables keeps the copies exact (triggers, not application code)', async (t) => {
  const { database, drop } = await openTestDatabase()
  t.teardown(drop)
  const f = fixtures(database.db)
  const tag = await f.tag({ slug: 'ports' })
  const author = await f.author({ slug: 'ines' })
  const links = ['author:ines', 'tag:ports']
  const at = hoursAgo(5)
  at.setMilliseconds(0)
  const story = await f.article({ slug: 'harbour', publishAt: at, tagIds: [tag.id], authors: [{ id: author.id }] })
  t.same(await copiesOf(database, story.id), copies(links, at.toISOString(), true), 'an insert copies the article')

  const moved = hoursAgo(2)
  moved.setMilliseconds(0)
  await database.db.execute(sql`UPDATE articles SET publish_at = ${moved.toISOString()}::timestamptz WHERE id = ${story.id}::uuid`)
  t.same(await copiesOf(database, story.id), copies(links, moved.toISOString(), true), 'a moved publish instant follows')
  await database.db.execute(sql`UPDATE articles SET status = 'draft' WHERE id = ${story.id}::uuid`)
  t.same(await copiesOf(database, story.id), copies(links, moved.toISOString(), false), 'a status change follows')
  await database.db.execute(sql`UPDATE articles SET status = 'published', deleted_at = now() WHERE id = ${story.id}::uuid`)
  t.same(await copiesOf(database, story.id), copies(links, moved.toISOString(), false), 'a trashed story stays unlisted')
  await database.db.execute(sql`UPDATE articles SET deleted_at = NULL WHERE id = ${story.id}::uuid`)
  t.same(await copiesOf(database, story.id), copies(links, moved.toISOString(), true))

  // A write that moves a link to another article copies that article instead.
  const draft = await f.article({ slug: 'draft', status: 'draft' })
  await database.db.execute(sql`UPDATE article_tags SET article_id = ${draft.id}::uuid WHERE article_id = ${story.id}::uuid`)
  await database.db.execute(sql`UPDATE article_authors SET article_id = ${draft.id}::uuid WHERE article_id = ${story.id}::uuid`)
  t.same(await copiesOf(database, draft.id), copies(links, null, false))

  const missingArticle = '00000000-0000-4000-8000-000000000000'
  for (const insert of [
    sql`INSERT INTO article_tags (article_id, tag_id) VALUES (${missingArticle}::uuid, ${tag.id}::uuid)`,
    sql`INSERT INTO article_authors (article_id, author_id, position) VALUES (${missingArticle}::uuid, ${author.id}::uuid, 0)`,
  ]) {
    const missing = await database.db.execute(insert).then(() => null, (error: unknown) => error as { code?: string; cause?: { code?: string } })
    t.equal(missing?.cause?.code ?? missing?.code, '23503', 'a missing article is still the foreign key\'s error to report')
  }
})

t.test('a link written while its article changes waits and copies the committed state', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, async (t) => {
  const { database, url, drop } = await openTestDatabase()
  t.teardown(drop)
  const f = fixtures(database.db)
  const tag = await f.tag({ slug: 'rail' })
  const author = await f.author({ slug: 'noor' })
  const story = await f.article({ slug: 'strike' })
  const editor = new pg.Client({ connectionString: url })
  const tagger = new pg.Client({ connectionString: url })
  const byliner = new pg.Client({ connectionString: url })
  await Promise.all([editor.connect(), tagger.connect(), byliner.connect()])
  t.teardown(() => Promise.all([editor.end(), tagger.end(), byliner.end()]))

  await editor.query('BEGIN')
  await editor.query(`UPDATE articles SET status = 'unpublished' WHERE id = $1`, [story.id])
  const tagging = tagger.query('INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2)', [story.id, tag.id])
  const byline = byliner.query('INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, 0)', [story.id, author.id])
  // The inserts must wait for the editor's transaction, not copy the state it is replacing.
  const early = await Promise.race([Promise.any([tagging, byline]).then(() => 'done'), new Promise((resolve) => setTimeout(resolve, 300, 'waiting'))])
  t.equal(early, 'waiting')
  await editor.query('COMMIT')
  await Promise.all([tagging, byline])
  t.same(await copiesOf(database, story.id), copies(['author:noor', 'tag:rail'], story.publishAt!.toISOString(), false), 'the committed unpublish, not the state before it')
})

t.test('migrations 0006 and 0007 copy the state of articles tagged and bylined before them', async (t) => {
  const { database, drop } = await openTestDatabase()
  t.teardown(drop)
  // Back to an empty database, migrated up to 0005 only.
  await database.db.execute(sql`DROP SCHEMA public CASCADE`)
  await database.db.execute(sql`DROP SCHEMA drizzle CASCADE`)
  await database.db.execute(sql`CREATE SCHEMA public`)
  const before = copyOfMigrations(t, (entries) => entries.slice(0, entries.findIndex((entry) => entry.tag === '0006_article_tags_live')))
  const migrate = database.kind === 'pglite' ? migratePglite : migratePostgres
  await migrate(database.db as never, { migrationsFolder: before })

  await database.db.execute(sql`INSERT INTO tags (id, slug, name) VALUES ('00000000-0000-4000-8000-0000000000aa', 'old', 'Old')`)
  await database.db.execute(sql`INSERT INTO authors (id, slug, name) VALUES ('00000000-0000-4000-8000-0000000000bb', 'early', 'Early')`)
  await database.db.execute(sql`INSERT INTO articles (id, slug, headline, status, publish_at, deleted_at) VALUES
    ('00000000-0000-4000-8000-000000000001', 'live', 'Live', 'published', '2026-01-02T03:04:05Z', NULL),
    ('00000000-0000-4000-8000-000000000002', 'draft', 'Draft', 'draft', NULL, NULL),
    ('00000000-0000-4000-8000-000000000003', 'trashed', 'Trashed', 'published', '2026-01-01T00:00:00Z', now())`)
  await database.db.execute(sql`INSERT INTO article_tags (article_id, tag_id) SELECT id, '00000000-0000-4000-8000-0000000000aa' FROM articles`)
  await database.db.execute(sql`INSERT INTO article_authors (article_id, author_id, position) SELECT id, '00000000-0000-4000-8000-0000000000bb', 0 FROM articles`)

  await database.migrate()
  const links = ['author:early', 'tag:old']
  t.same(await copiesOf(database, '00000000-0000-4000-8000-000000000001'), copies(links, '2026-01-02T03:04:05.000Z', true))
  t.same(await copiesOf(database, '00000000-0000-4000-8000-000000000002'), copies(links, null, false))
  t.same(await copiesOf(database, '00000000-0000-4000-8000-000000000003'), copies(links, '2026-01-01T00:00:00.000Z', false))

  // The trigger functions 0007 renamed still serve the tables 0006 gave them.
  await database.db.execute(sql`UPDATE articles SET status = 'draft' WHERE slug = 'live'`)
  t.same(await copiesOf(database, '00000000-0000-4000-8000-000000000001'), copies(links, '2026-01-02T03:04:05.000Z', false))
})

/**
 * Many live stories (filler-1 the newest), of which a test gives one in ten to an owner: walking
 * the site-wide date index would then probe nine of someone else's stories for every one found.
 */
async function insertFillers(database: Pick<Database, 'db'>): Promise<void> {
  await database.db.execute(sql`INSERT INTO articles (slug, headline, status, publish_at)
    SELECT 'filler-' || n, 'Filler ' || n, 'published', now() - n * interval '1 minute' FROM generate_series(1, 3000) n`)
}

t.test("the rail reads a tag's newest stories from its own index", async (t) => {
  const { database, drop } = await openTestDatabase()
  t.teardown(drop)
  const f = fixtures(database.db)
  const source = await f.article({ slug: 'source' })
  const tenth = await f.tag({ slug: 'tenth' })
  await insertFillers(database)
  await database.db.execute(sql`INSERT INTO article_tags (article_id, tag_id)
    SELECT id, ${tenth.id}::uuid FROM articles WHERE slug LIKE 'filler-%0' OR id = ${source.id}::uuid`)
  await database.db.execute(sql`ANALYZE`)
  const picks = automaticPicksSql({
    sourceId: sql`${source.id}::uuid`,
    sectionId: sql`NULL::uuid`,
    tagIds: sql`ARRAY[${tenth.id}::uuid]`,
    excluded: () => sql`false`,
    at: sql`now()`,
    places: sql`5`,
  })
  const explain = async (statement: SQL) => resultRows(await database.db.execute(statement)).map((row) => String(row['QUERY PLAN'])).join('\n')
  const plan = await explain(sql`EXPLAIN ${picks}`)
  t.match(plan, /article_tags_tag_live_idx/, plan)
  t.notMatch(plan, /articles_live_publish_at_idx/, 'no walk of every story by date')
  const picked = resultRows(await database.db.execute(sql`SELECT a.slug FROM (${picks}) p JOIN articles a ON a.id = p.id ORDER BY p.position`))
  t.same(picked.map((row) => row.slug), ['filler-10', 'filler-20', 'filler-30', 'filler-40', 'filler-50'], "the tag's newest, never the source")
})

t.test("tag and author pages, and lists filtered by either, read the owner's newest stories from its own index", async (t) => {
  const { database, drop } = await openTestDatabase()
  t.teardown(drop)
  const f = fixtures(database.db)
  const tenth = await f.tag({ slug: 'tenth' })
  const writer = await f.author({ slug: 'writer' })
  await insertFillers(database)
  await database.db.execute(sql`INSERT INTO article_tags (article_id, tag_id) SELECT id, ${tenth.id}::uuid FROM articles WHERE slug LIKE '%0'`)
  await database.db.execute(sql`INSERT INTO article_authors (article_id, author_id, position) SELECT id, ${writer.id}::uuid, 0 FROM articles WHERE slug LIKE '%0'`)
  await database.db.execute(sql`ANALYZE`)
  const newest = ['filler-10', 'filler-20', 'filler-30', 'filler-40', 'filler-50']

  /** The plan of the hand-written statement `read` sends (explained instead of run; query-builder reads run). */
  const planOf = async (read: (scope: ReadScope) => Promise<unknown>) => {
    const plans: string[] = []
    const execute = async (statement: SQL) => {
      plans.push(resultRows(await database.db.execute(sql`EXPLAIN ${statement}`)).map((row) => String(row['QUERY PLAN'])).join('\n'))
      return { rows: [] }
    }
    const explaining = new Proxy(database.db, { get: (db, key) => (key === 'execute' ? execute : (Reflect.get(db, key) as unknown)) })
    await read(new ReadScope(explaining, new Date()))
    t.equal(plans.length, 1, 'one statement')
    return plans.join('\n')
  }
  const owners = [
    ['tag', tenth, 'article_tags_tag_live_idx'],
    ['author', writer, 'article_authors_author_live_idx'],
  ] as const
  for (const [owner, { id, slug }, index] of owners) {
    const reads = {
      [`the ${owner} page`]: async (scope: ReadScope) => (await listArticlesForOwners(scope, owner, [id], { first: 5 })).get(id),
      [`articles filtered by the ${owner}`]: (scope: ReadScope) => listArticles(scope, { first: 5, filter: { [owner]: slug } }),
    }
    for (const [name, read] of Object.entries(reads)) {
      const plan = await planOf(read)
      t.match(plan, new RegExp(`Index (Only )?Scan using ${index}`), `${name}: ${plan}`)
      t.notMatch(plan, /Sort Key: a.publish_at/, `${name}: the index gives the order, no sort of the owner's stories`)
      const page = await read(new ReadScope(database.db, new Date()))
      t.same((page as { edges: { node: { slug: string } }[] } | undefined)?.edges.map((edge) => edge.node.slug), newest, `${name}: the newest`)
    }
  }
})

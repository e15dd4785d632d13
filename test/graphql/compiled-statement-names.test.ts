import t from 'tap'
import { ARTICLE_PAGE_QUERY } from '../../bench/workloads.js'
import { StatementNames } from '../../src/graphql/compiled/statement-names.js'
import { seedDemoPublication } from '../../src/seed/seed-demo.js'
import { buildTestApp } from '../helpers/test-app.js'

t.test('a statement gets a name once it proves hot, and keeps it', (t) => {
  const names = new StatementNames({ limit: 2, hotAfter: 3 })
  t.same([names.nameFor('A'), names.nameFor('A')], [undefined, undefined], 'run unnamed at first')
  const name = names.nameFor('A')
  t.type(name, 'string', 'named on its third run')
  t.equal(names.nameFor('A'), name, 'and under the same name from then on')
  t.not(names.nameFor('B') ?? names.nameFor('B') ?? names.nameFor('B'), name, 'another text never shares a name')
  t.end()
})

t.test('names are bounded: past the limit, statements run unnamed and nothing more is kept', (t) => {
  const names = new StatementNames({ limit: 2, hotAfter: 1 })
  const first = names.nameFor('A')
  const second = names.nameFor('B')
  t.ok(first && second && first !== second)
  t.equal(names.nameFor('C'), undefined, 'a third hot text stays unnamed')
  t.equal(names.size, 2)
  t.equal(names.nameFor('A'), first, 'the named ones keep their names')
  t.end()
})

t.test('documents sent once, however many, never take a slot', (t) => {
  const names = new StatementNames({ limit: 4, hotAfter: 2 })
  const named = Array.from({ length: 10_000 }, (_, i) => names.nameFor(`junk ${i}`)).filter((name) => name !== undefined)
  t.same(named, [], 'none of 10 000 one-off texts was named')
  t.equal(names.size, 0)
  names.nameFor('page')
  t.type(names.nameFor('page'), 'string', 'a real hot statement still gets a name after the flood')
  t.end()
})

t.test('the compiled page runs under its name from its third request, with the same answer', async (t) => {
  const { app, database } = await buildTestApp(t)
  await seedDemoPublication(database.db, new Date())
  const [row] = await database.query(`SELECT slug FROM articles WHERE status = 'published' AND deleted_at IS NULL AND publish_at <= now() ORDER BY slug LIMIT 1`, [])
  const used: (string | undefined)[] = []
  const query = database.query.bind(database)
  database.query = (text, params, name) => {
    used.push(name)
    return query(text, params, name)
  }
  const bodies = new Set<string>()
  for (let i = 0; i < 5; i++) {
    const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query: ARTICLE_PAGE_QUERY, variables: { slug: row?.slug } } })
    t.equal(response.statusCode, 200)
    t.notMatch(response.body, /"errors"/)
    // `at` is the instant the page was composed: masked, the rest must not change.
    bodies.add(response.body.replace(/"at":"[^"]+"/g, '"at":…'))
  }
  t.equal(used.length, 5, 'one compiled statement a request')
  t.same(used.slice(0, 2), [undefined, undefined])
  t.type(used[2], 'string')
  t.same(used.slice(3), [used[2], used[2]], 'then always the same name')
  t.equal(bodies.size, 1, 'named or not, the same answer')
})

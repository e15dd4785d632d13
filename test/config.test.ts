import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults describe a local embedded server', (t) => {
  const config = loadConfig({})
  t.equal(config.PORT, 3000)
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.DATABASE_URL, undefined)
  t.equal(config.DATA_DIR, './data')
  t.equal(config.LOG_LEVEL, 'info')
  t.same(config.CORS_ORIGINS, [], 'CORS closed by default')
  t.equal(config.GRAPHIQL, true)
  t.equal(config.SEED_DEMO_CONTENT, undefined)
  t.equal(config.V8_HEAP_GROWING_PERCENT, 100, 'old space at most twice the live data')
  t.equal(config.DATABASE_PLAN_CACHE_MODE, 'force_generic_plan', 'prepared statements keep one plan')
  t.end()
})

t.test('values are parsed, and empty strings count as unset', (t) => {
  const config = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgresql://u:p@db:5432/news',
    CORS_ORIGINS: 'https://www.example.com, https://app.example.com',
    GRAPHIQL: 'false',
    SEED_DEMO_CONTENT: 'yes',
    LOG_LEVEL: '',
  })
  t.equal(config.PORT, 8080)
  t.equal(config.DATABASE_URL, 'postgresql://u:p@db:5432/news')
  t.same(config.CORS_ORIGINS, ['https://www.example.com', 'https://app.example.com'])
  t.equal(config.GRAPHIQL, false)
  t.equal(config.SEED_DEMO_CONTENT, true)
  t.equal(config.LOG_LEVEL, 'info')
  t.end()
})

t.test('every bad variable is named, with what is wrong', (t) => {
  const error = t.throws(() =>
    loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', ADMIN_TOKEN: 'short', CORS_ORIGINS: 'not a url', GRAPHIQL: 'maybe', V8_HEAP_GROWING_PERCENT: '1000', DATABASE_PLAN_CACHE_MODE: 'sometimes' }),
  ) as ConfigError
  t.type(error, ConfigError)
  const text = error.problems.join('\n')
  for (const variable of ['PORT', 'DATABASE_URL', 'ADMIN_TOKEN', 'CORS_ORIGINS', 'GRAPHIQL', 'V8_HEAP_GROWING_PERCENT', 'DATABASE_PLAN_CACHE_MODE']) t.match(text, variable)
  t.match(text, /postgres:\/\//)
  t.match(text, /at least 32 characters/)
  t.notMatch(error.message, /short/, 'the bad token value itself is not echoed')
  t.end()
})

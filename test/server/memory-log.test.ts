import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { MemorySample } from '../../src/plugins/memory-log-plugin.js'
import { openTestDatabase } from '../helpers/test-database.js'

t.test('MEMORY_LOG_INTERVAL_MS logs memory samples at info, whatever LOG_LEVEL says', async (t) => {
  const { database, drop } = await openTestDatabase()
  const lines: string[] = []
  const config = loadConfig({ LOG_LEVEL: 'warn', RESPONSE_CACHE: 'true', WEBHOOK_DELIVERY: 'false', LOAD_SHEDDING: 'false', MEMORY_LOG_INTERVAL_MS: '20' })
  const app = await buildApp({ config, database, logger: { level: 'warn', stream: { write: (line: string) => { lines.push(line) } } } })
  t.teardown(async () => {
    await app.close()
    await drop()
  })
  await app.ready()
  const sample = await new Promise<MemorySample>((resolve) => {
    const look = () => {
      const line = lines.find((text) => text.includes('"msg":"memory"'))
      if (line === undefined) setTimeout(look, 10)
      else resolve((JSON.parse(line) as { memory: MemorySample }).memory)
    }
    look()
  })
  t.ok(sample.rss > 0 && sample.heapUsed > 0 && sample.heapTotal >= sample.heapUsed, 'process.memoryUsage() figures')
  t.ok((sample.heapSpaces.old_space ?? 0) > 0, 'V8 heap spaces')
  t.same(sample.responseCache, { entries: 0, bytes: 0 }, 'and what the response cache holds')
})

import t from 'tap'
import { buildTestApp } from '../helpers/test-app.js'

t.test('closing the app lets requests in flight finish before the database closes', async (t) => {
  const { app } = await buildTestApp(t)
  // A request that is still working (and still needs the database) when shutdown begins.
  app.get('/test-slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300))
    await app.database.ping()
    return { finished: true }
  })
  await app.ready()
  const inFlight = app.inject({ method: 'GET', url: '/test-slow' })
  await new Promise((resolve) => setTimeout(resolve, 50))
  const closing = app.close()
  const response = await inFlight
  t.equal(response.statusCode, 200, 'the request in flight completed')
  t.same(response.json(), { finished: true })
  await closing
  await t.rejects(app.database.ping(), 'and then the database was closed')
})

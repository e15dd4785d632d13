import type { AddressInfo } from 'node:net'
import net from 'node:net'
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

t.test('a request arriving while shutdown has begun is answered, with Connection: close, not refused', async (t) => {
  const { app } = await buildTestApp(t)
  // Widens the moment between "closing" and "no longer listening" that a busy server hits by chance.
  app.addHook('preClose', (done) => {
    setTimeout(done, 300)
  })
  app.get('/test-read', async () => ({ rows: (await app.database.query('SELECT 1 AS one', [])).length }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const socket = net.connect(port, '127.0.0.1')
  t.teardown(() => socket.destroy())
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')))
  const ended = new Promise((resolve) => socket.on('close', resolve))
  const request = 'GET /test-read HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'
  socket.write(request)
  while (!received.includes('{"rows":1}')) await new Promise((resolve) => setTimeout(resolve, 10))
  const closing = app.close()
  await new Promise((resolve) => setTimeout(resolve, 50))
  // A load balancer counts a 503 here as a failed request; the request is served instead, and
  // the client is told to take the next one elsewhere.
  socket.write(request)
  await ended
  await closing
  const answers = received.split(/(?=HTTP\/1\.1 )/)
  t.equal(answers.length, 2, 'both requests were answered')
  t.match(answers[1], /^HTTP\/1\.1 200 /, 'the late one with a 200, not a 503')
  t.match(answers[1], /\r\nconnection: close\r\n/i, 'and told to close the connection')
  t.match(answers[1], /\{"rows":1\}$/, 'it still had the database')
  await t.rejects(app.database.ping(), 'which closed after it')
})

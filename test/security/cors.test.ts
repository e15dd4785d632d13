import t from 'tap'
import { buildTestApp } from '../helpers/test-app.js'

const preflight = (origin: string, url = '/graphql') => ({
  method: 'OPTIONS' as const,
  url,
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
})

void t.test('CORS is closed by default: no origin is allowed, preflight or simple request', async (t) => {
  const { app } = await buildTestApp(t)
  for (const origin of ['https://evil.example', 'null', 'http://localhost:3000']) {
    const pre = await app.inject(preflight(origin))
    t.equal(pre.headers['access-control-allow-origin'], undefined, `preflight from ${origin}: no Allow-Origin`)
    t.equal(pre.headers['access-control-allow-credentials'], undefined)
    const simple = await app.inject({ method: 'GET', url: '/v1/site', headers: { origin } })
    t.equal(simple.statusCode, 200, 'the request itself is served (CORS is enforced by browsers)')
    t.equal(simple.headers['access-control-allow-origin'], undefined, `GET from ${origin}: no Allow-Origin`)
    const post = await app.inject({ method: 'POST', url: '/graphql', headers: { origin }, payload: { query: '{ site { name } }' } })
    t.equal(post.headers['access-control-allow-origin'], undefined, `POST from ${origin}: no Allow-Origin`)
  }
})

void t.test('with CORS_ORIGINS, exactly the listed origin is allowed', async (t) => {
  const allowed = 'https://news.example'
  const { app } = await buildTestApp(t, { CORS_ORIGINS: `${allowed}, https://editor.example` })
  const pre = await app.inject(preflight(allowed))
  t.equal(pre.statusCode, 204)
  t.equal(pre.headers['access-control-allow-origin'], allowed)
  t.match(pre.headers['access-control-allow-methods'], /PATCH/)
  t.match(pre.headers.vary, /Origin/i, 'shared caches keep answers per origin')
  t.equal(pre.headers['access-control-allow-credentials'], undefined, 'tokens travel in a header, never as cookies')
  const simple = await app.inject({ method: 'GET', url: '/v1/site', headers: { origin: allowed } })
  t.equal(simple.headers['access-control-allow-origin'], allowed)
  t.match(simple.headers['access-control-expose-headers'], /ETag/)
  t.equal((await app.inject({ method: 'GET', url: '/v1/site', headers: { origin: 'https://editor.example' } })).headers['access-control-allow-origin'], 'https://editor.example')

  // Look-alikes of the allowed origin are not it.
  for (const origin of ['https://evil.example', 'https://news.example.evil.example', 'https://evilnews.example', 'http://news.example', 'https://news.example:8443', 'null']) {
    t.equal((await app.inject(preflight(origin))).headers['access-control-allow-origin'], undefined, `preflight from ${origin}: refused`)
    t.equal((await app.inject({ method: 'GET', url: '/v1/site', headers: { origin } })).headers['access-control-allow-origin'], undefined, `GET from ${origin}: refused`)
  }
})

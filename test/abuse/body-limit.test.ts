import t from 'tap'
import { buildTestApp } from '../helpers/test-app.js'

t.test('bodies over BODY_LIMIT_BYTES are refused with 413 before anything runs', async (t) => {
  const { app } = await buildTestApp(t, { BODY_LIMIT_BYTES: '2048' })
  const padding = 'x'.repeat(4096)
  const graphql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: `{ site { name } } # ${padding}` } })
  t.equal(graphql.statusCode, 413)
  t.match(graphql.json(), { errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] })
  const rest = await app.inject({ method: 'POST', url: '/v1/tags', payload: { name: padding } })
  t.equal(rest.statusCode, 413)
  t.match(rest.json(), { error: { code: 'PAYLOAD_TOO_LARGE', message: /too large.*the limit is 2048 bytes/i } })
  const small = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ site { name } }' } })
  t.equal(small.statusCode, 200, 'bodies under the limit are served')
})

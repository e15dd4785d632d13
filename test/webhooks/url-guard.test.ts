import t from 'tap'
import { checkWebhookDestination, refusedAddressReason } from '../../src/webhooks/url-guard.js'

t.test('private, loopback, link-local and other internal addresses are refused, in every spelling', (t) => {
  const refused: [string, RegExp][] = [
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['::1', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['febf::1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /reserved/],
    // IPv4-mapped IPv6: the same IPv4 rules, dotted or hex.
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    ['::ffff:a9fe:a9fe', /link-local/],
    ['::127.0.0.1', /reserved/],
  ]
  for (const [address, reason] of refused) t.match(refusedAddressReason(address), reason, address)
  for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    t.equal(refusedAddressReason(address), undefined, `${address} is public`)
  }
  t.end()
})

t.test('registration checks what the host resolves to, unless private URLs are allowed', async (t) => {
  t.match(await checkWebhookDestination(new URL('http://localhost:8080/'), false), /^localhost resolves to (127\.0\.0\.1|::1), a loopback address/)
  t.match(await checkWebhookDestination(new URL('http://[::ffff:169.254.169.254]/'), false), /link-local/)
  t.equal(await checkWebhookDestination(new URL('https://93.184.215.14/'), false), undefined)
  t.equal(await checkWebhookDestination(new URL('http://localhost:8080/'), true), undefined, 'allowed by WEBHOOK_ALLOW_PRIVATE_URLS')
  t.match(await checkWebhookDestination(new URL('https://nothing-here.invalid/'), false), /could not be resolved/)
})

import dns from 'node:dns'
import net, { type LookupFunction } from 'node:net'

type Range = [network: string, prefix: number, family: 'ipv4' | 'ipv6']

/**
 * Addresses a webhook must not reach unless WEBHOOK_ALLOW_PRIVATE_URLS is set: otherwise anyone
 * with an admin token could make the server call its own admin ports, the cloud metadata service
 * (169.254.169.254) or the office network. Checked in this order, so the reason is the most
 * specific one. IPv4 rules also match IPv4-mapped IPv6 forms (::ffff:127.0.0.1, ::ffff:7f00:1).
 */
const refusedRanges: [reason: string, ranges: Range[]][] = [
  ['an unspecified address', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['a loopback address', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['a private address', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4']]],
  ['a unique-local address', [['fc00::', 7, 'ipv6']]],
  ['a link-local address', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['a shared (carrier-grade NAT) address', [['100.64.0.0', 10, 'ipv4']]],
  ['a multicast address', [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']]],
  [
    'a reserved address',
    [
      ['240.0.0.0', 4, 'ipv4'], // includes the broadcast address
      ['192.0.0.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['::', 96, 'ipv6'], // IPv4-compatible IPv6 (deprecated, e.g. ::127.0.0.1)
      ['fec0::', 10, 'ipv6'], // site-local (deprecated)
    ],
  ],
]

const blockLists = refusedRanges.map(([reason, ranges]): [string, net.BlockList] => {
  const list = new net.BlockList()
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family)
  return [reason, list]
})

/** Why an IP address is refused (e.g. "a loopback address"), or undefined when it is public. */
export function refusedAddressReason(address: string): string | undefined {
  const family = net.isIP(address)
  if (family === 0) return 'not an IP address'
  const type = family === 6 ? 'ipv6' : 'ipv4'
  return blockLists.find(([, list]) => list.check(address, type))?.[0]
}

export class RefusedAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED'
  constructor(host: string, address: string, reason: string) {
    super(host === address ? `${address} is ${reason}` : `${host} resolves to ${address}, ${reason}`)
    this.name = 'RefusedAddressError'
  }
}

/** The host of a URL as the network sees it: IPv6 without brackets, IPv4 in dotted form. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1')

/** Throws RefusedAddressError when any of the addresses is refused: one bad address is enough to refuse. */
function refuseAny(host: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const reason = refusedAddressReason(address)
    if (reason) throw new RefusedAddressError(host, address, reason)
  }
}

/**
 * At registration: what is wrong with the URL's destination, or undefined when it may be used.
 * The host is resolved (every address it has) so a name pointing inside is refused too.
 */
export async function checkWebhookDestination(url: URL, allowPrivate: boolean): Promise<string | undefined> {
  if (allowPrivate) return undefined
  const host = hostOf(url)
  try {
    const addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address)
    refuseAny(host, addresses)
    return undefined
  } catch (error) {
    if (error instanceof RefusedAddressError) return `${error.message}: webhooks may not call private networks`
    return `${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})`
  }
}

/**
 * At delivery: the same rule, applied to the address the request actually connects to. This
 * lookup is handed to the HTTP client, so a name that resolved to a public address when it was
 * registered and to a private one now (DNS rebinding) is refused at connect time, with no gap
 * between the check and the connection. IP literals never reach a lookup: see refuseLiteral.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '')
        return
      }
      try {
        if (!allowPrivate) refuseAny(hostname, addresses.map((a) => a.address))
      } catch (refused) {
        callback(refused as RefusedAddressError, '')
        return
      }
      const first = addresses[0]
      if (options.all) callback(null, addresses)
      else if (first) callback(null, first.address, first.family)
      else callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '')
    })
  }
}

/** Delivery to an IP literal: checked here, since no lookup runs for it. */
export function refuseLiteral(url: URL, allowPrivate: boolean): void {
  const host = hostOf(url)
  if (!allowPrivate && net.isIP(host)) refuseAny(host, [host])
}

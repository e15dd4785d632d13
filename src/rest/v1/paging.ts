import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Cursor pages link to the next one (RFC 8288): the same URL and query, with `after` set to
 * this page's end cursor. The last page has no Link header.
 */
export function linkNextPage(request: FastifyRequest, reply: FastifyReply, pageInfo: { hasNextPage: boolean; endCursor: string | null }): void {
  if (!pageInfo.hasNextPage || !pageInfo.endCursor) return
  const url = new URL(request.url, 'http://localhost')
  url.searchParams.set('after', pageInfo.endCursor)
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`)
}

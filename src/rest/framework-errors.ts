import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/**
 * Requests Fastify's router refuses before any hook runs (a path that is not valid URL
 * encoding, a path parameter over `maxParamLength`): answered in the API's error shape with a
 * code of ours, never Fastify's own body.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
  void reply
    .code(tooLong ? 414 : 400)
    .header('cache-control', 'private, no-store')
    .send({
      error: tooLong
        ? { code: 'URI_TOO_LONG', message: `A path segment is longer than ${MAX_PARAM_LENGTH} characters; ids and slugs are much shorter` }
        : { code: 'BAD_REQUEST', message: 'The path is not valid URL encoding: escape "%" as "%25" and send UTF-8' },
    })
}

// Slugs may be 200 characters; room for them percent-encoded, and no more.
export const MAX_PARAM_LENGTH = 600

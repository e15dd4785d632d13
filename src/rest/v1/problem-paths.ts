import type { FastifyRequest } from 'fastify'
import { BadUserInputError, type FieldProblem } from '../../errors.js'

const LOCATIONS = new Set(['query', 'body', 'params', 'headers'])

/**
 * Services and GraphQL name a bad value by their own argument (`input.sectionId`, `after`,
 * `filter.publishedBefore`, `id`); a REST caller needs to know where in the request it sent it:
 * `body.sectionId`, `query.after`, `query.publishedBefore`, `params.id`.
 */
export function locateProblems(error: unknown, request: FastifyRequest): unknown {
  if (!(error instanceof BadUserInputError)) return error
  return new BadUserInputError(error.problems.map((problem) => ({ ...problem, path: locate(problem.path, request) })))
}

function locate(path: FieldProblem['path'], request: FastifyRequest): FieldProblem['path'] {
  const [first, ...rest] = path
  if (typeof first !== 'string' || LOCATIONS.has(first)) return path
  if (first === 'input') return ['body', ...rest]
  // GraphQL's `filter` argument is flattened into the query string.
  if (first === 'filter') return ['query', ...rest]
  const parts = { params: request.params, body: request.body, query: request.query }
  for (const [where, part] of Object.entries(parts)) {
    if (part !== null && typeof part === 'object' && first in part) return [where, ...path]
  }
  // The problem is with the resource's state (e.g. `article.sectionId` before publishing).
  return path
}

import { z } from 'zod'
import { articleDocuments } from './documents/article-documents.js'
import type { GraphqlBridge } from './graphql-bridge.js'
import { linkNextPage } from './paging.js'
import { contentResponse, notModified, optionalToken, type RestApp } from './route-kit.js'
import { pageQuery, readErrors } from './schemas/common.js'
import { searchResultsSchema } from './schemas/representations.js'

export function searchRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.get('/search', {
    schema: {
      operationId: 'searchArticles',
      tags: ['Search'],
      summary: 'Full-text search over headline, dek and body of published articles, ranked among the 1,000 newest matches',
      security: optionalToken,
      querystring: pageQuery.extend({
        q: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').describe('What to look for'),
      }),
      response: { 200: contentResponse(searchResultsSchema, 'One page of results, best first', true), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => {
      const { q, first, after } = request.query
      const data = await bridge.run<{ search: z.output<typeof searchResultsSchema> }>(request, reply, articleDocuments.search, { query: q, first, after })
      linkNextPage(request, reply, data.search.pageInfo)
      return data.search
    },
  })
}

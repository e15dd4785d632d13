import type { z } from 'zod'
import { articleDocuments, type ArticleBySlug } from './documents/article-documents.js'
import type { GraphqlBridge } from './graphql-bridge.js'
import { redirectToSlug } from './article-routes.js'
import { emptyResponse, contentResponse, notModified, optionalToken, type RestApp } from './route-kit.js'
import { headerDocs, instant, previewQuery, readErrors, slugParams } from './schemas/common.js'
import { articlePageSchema } from './schemas/representations.js'

type ArticlePageView = Omit<z.output<typeof articlePageSchema>, 'article'> & { article: ArticleBySlug }

export function articlePageRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.get('/article-pages/:slug', {
    schema: {
      operationId: 'getArticlePage',
      tags: ['Article pages'],
      summary: 'Everything an article page shows, composed at one instant (like GraphQL `articlePage`)',
      description:
        'The article, its keep-reading rail (curated first, then automatic), the latest articles, the promos open now and the site settings. ' +
        'A former slug answers 301. The page changes without the article changing, so its ETag comes from its content, not a version.',
      security: optionalToken,
      params: slugParams,
      querystring: previewQuery.extend({
        at: instant.optional().describe('Compose the page as it was (or will be) at this instant: preview tokens and above'),
      }),
      response: {
        200: contentResponse(articlePageSchema, 'The composed page'),
        301: emptyResponse('The article has moved to a new slug', { location: { ...headerDocs.location, description: 'The page at the current slug' } }),
        ...notModified, ...readErrors,
      },
    },
    handler: async (request, reply) => {
      const { slug } = request.params
      const { preview, at } = request.query
      const data = await bridge.run<{ articlePage: ArticlePageView }>(request, reply, articleDocuments.page, { slug, preview, at: at?.toISOString() })
      const { redirectedFrom, ...article } = data.articlePage.article
      if (redirectedFrom) return redirectToSlug(request, reply, `${app.prefix}/article-pages/${article.slug}`)
      return { ...data.articlePage, article }
    },
  })
}

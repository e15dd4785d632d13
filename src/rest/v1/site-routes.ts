import { z } from 'zod'
import { siteSettingsInputSchema, updateSiteSettings } from '../../domain/site/site-writes.js'
import { ifMatching } from '../if-match.js'
import { siteDocuments } from './documents/site-documents.js'
import type { GraphqlBridge } from './graphql-bridge.js'
import { jsonInput } from './json-input.js'
import { notModified, optionalToken, tokenRequired, versionedResponse, withVersionEtag, type RestApp } from './route-kit.js'
import { changeErrors, ifMatchHeaders, readErrors } from './schemas/common.js'
import { siteSchema } from './schemas/representations.js'

type SiteView = z.output<typeof siteSchema>
const tags = ['Site']

export function siteRoutes(app: RestApp, bridge: GraphqlBridge): void {
  app.get('/site', {
    schema: {
      operationId: 'getSite',
      tags,
      summary: 'Site settings: name, social links, newsletter',
      security: optionalToken,
      response: { 200: versionedResponse(siteSchema, 'The site settings (version 0 until first saved)'), ...notModified, ...readErrors },
    },
    handler: async (request, reply) => withVersionEtag(reply, (await bridge.run<{ site: SiteView }>(request, reply, siteDocuments.site, {})).site),
  })

  app.patch('/site', {
    schema: {
      operationId: 'updateSite',
      tags,
      summary: 'Changes the site settings given (admin); If-Match "v0" configures a new site',
      security: tokenRequired,
      headers: ifMatchHeaders,
      body: jsonInput(siteSettingsInputSchema),
      response: { 200: versionedResponse(siteSchema, 'The site settings after the change'), ...changeErrors },
    },
    handler: async (request, reply) => {
      await ifMatching(request, 'Changing site settings', (version) => updateSiteSettings(bridge.contextOf(request, reply).write, version, request.body))
      return withVersionEtag(reply, (await bridge.run<{ site: SiteView }>(request, reply, siteDocuments.site, {})).site)
    },
  })
}

import type { ReadScope } from '../read-scope.js'
import type { SiteRow } from './site.repository.js'

export function siteSettings(scope: ReadScope): Promise<SiteRow> {
  return scope.site()
}

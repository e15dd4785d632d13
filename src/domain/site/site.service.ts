import type { ReadScope } from '../read-scope.js'
import { findSite, type SiteRow } from './site.repository.js'

export function siteSettings(scope: ReadScope): Promise<SiteRow> {
  return findSite(scope.db)
}

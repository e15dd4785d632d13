import type { ReadScope } from '../read-scope.js'
import { findMediaByIds, type MediaRow } from './media.repository.js'

export function mediaByIds(scope: ReadScope, ids: readonly string[]): Promise<Map<string, MediaRow>> {
  return findMediaByIds(scope.db, ids)
}

import type { Db } from '../db/database.js'
import { loadSectionTree } from './sections/sections.repository.js'
import type { SectionTree } from './sections/section-tree.js'
import { findSite, type SiteRow } from './site/site.repository.js'

/**
 * What one public read needs to know: the instant it reads at, and request-lived memos for
 * small, widely shared data (the section tree and the site settings are read once per request,
 * whatever asks for them).
 */
export class ReadScope {
  #sectionTree: Promise<SectionTree> | undefined
  #site: Promise<SiteRow> | undefined

  constructor(
    readonly db: Db,
    readonly at: Date,
    /** Editors' preview: the article asked for is read in its latest saved state, live or not. */
    readonly preview = false,
  ) {}

  sectionTree(): Promise<SectionTree> {
    this.#sectionTree ??= loadSectionTree(this.db)
    return this.#sectionTree
  }

  site(): Promise<SiteRow> {
    this.#site ??= findSite(this.db)
    return this.#site
  }

  /** Shared data another statement read along (an article page's does), so nothing reads it again. */
  remember(known: { sectionTree: SectionTree; site: SiteRow }): void {
    this.#sectionTree ??= Promise.resolve(known.sectionTree)
    this.#site ??= Promise.resolve(known.site)
  }
}

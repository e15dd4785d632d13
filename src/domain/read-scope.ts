import type { Db } from '../db/database.js'
import type { BylineRow } from './authors/authors.repository.js'
import { loadSectionTree } from './sections/sections.repository.js'
import type { SectionTree } from './sections/section-tree.js'
import { findSite, type SiteRow } from './site/site.repository.js'
import type { TagRow } from './tags/tags.repository.js'

/**
 * What one public read needs to know: the instant it reads at, and request-lived memos for
 * small, widely shared data (the section tree and the site settings are read once per request,
 * whatever asks for them).
 */
export class ReadScope {
  #sectionTree: Promise<SectionTree> | undefined
  #site: Promise<SiteRow> | undefined
  /** Relations of single articles that the statement reading the article read along, by article id. */
  readonly readAlong = { bylines: new Map<string, BylineRow[]>(), tags: new Map<string, (TagRow & { articleId: string })[]>() }

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

  /** Data another statement read along (an article page's does), so nothing reads it again. */
  remember(known: { sectionTree: SectionTree; site: SiteRow; article: { id: string }; bylines: BylineRow[]; tags: (TagRow & { articleId: string })[] }): void {
    this.#sectionTree ??= Promise.resolve(known.sectionTree)
    this.#site ??= Promise.resolve(known.site)
    this.readAlong.bylines.set(known.article.id, known.bylines)
    this.readAlong.tags.set(known.article.id, known.tags)
  }
}

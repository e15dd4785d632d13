import type { Db } from '../db/database.js'
import { loadSectionTree } from './sections/sections.repository.js'
import type { SectionTree } from './sections/section-tree.js'

/**
 * What one public read needs to know: the instant it reads at, and request-lived memos for
 * small, widely shared data (the section tree is read once per request, whatever asks for it).
 */
export class ReadScope {
  #sectionTree: Promise<SectionTree> | undefined

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
}

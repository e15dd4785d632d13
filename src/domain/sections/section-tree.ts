export interface SectionRow {
  id: string
  slug: string
  name: string
  description: string | null
  parentId: string | null
  position: number
  kind: 'standard' | 'vertical'
  tagline: string | null
  version: number
}

/**
 * The (small) section tree in memory: parent, children, breadcrumb and descendants without a
 * query each. A section in the trash drops out with its subtree.
 */
export class SectionTree {
  readonly #byId = new Map<string, SectionRow>()
  readonly #bySlug = new Map<string, SectionRow>()
  readonly #children = new Map<string | null, SectionRow[]>()

  constructor(sections: SectionRow[]) {
    const sorted = [...sections].sort((x, y) => x.position - y.position || x.name.localeCompare(y.name))
    for (const section of sorted) {
      this.#byId.set(section.id, section)
      this.#bySlug.set(section.slug, section)
      const siblings = this.#children.get(section.parentId) ?? []
      siblings.push(section)
      this.#children.set(section.parentId, siblings)
    }
  }

  byId(id: string): SectionRow | undefined {
    return this.#byId.get(id)
  }

  bySlug(slug: string): SectionRow | undefined {
    return this.#bySlug.get(slug)
  }

  roots(): SectionRow[] {
    return this.#children.get(null) ?? []
  }

  children(id: string): SectionRow[] {
    return this.#children.get(id) ?? []
  }

  /** From the top-level section down to `id`, inclusive. */
  path(id: string): SectionRow[] {
    const path: SectionRow[] = []
    const seen = new Set<string>()
    for (let current = this.#byId.get(id); current && !seen.has(current.id); current = current.parentId ? this.#byId.get(current.parentId) : undefined) {
      seen.add(current.id)
      path.unshift(current)
    }
    return path
  }

  /** `id` and every section below it. */
  subtreeIds(id: string): string[] {
    const ids: string[] = []
    const visit = (sectionId: string) => {
      ids.push(sectionId)
      for (const child of this.children(sectionId)) if (!ids.includes(child.id)) visit(child.id)
    }
    if (this.#byId.has(id)) visit(id)
    return ids
  }
}

/**
 * The shape of the demo publication, written by hand as data. Times are relative to the moment
 * the seed runs, so a freshly seeded site always has recent stories, an open appeal window and
 * scheduled stories still in the future.
 */

export interface DemoMedia {
  /** Local handle used by other demo records; not stored. */
  key: string
  url: string
  alt: string
  caption?: string
  width: number
  height: number
  mimeType: 'image/jpeg' | 'image/png' | 'image/webp'
  creditCreator?: string
  creditProvider?: string
  licenceName?: string
  licenceUrl?: string
  /** Days from seed time until the licence ends (omit for perpetual). */
  licenceExpiresInDays?: number
  /** Exact credit line when a provider demands one (e.g. "REUTERS/Jane Doe"). */
  creditLine?: string
}

export interface DemoSection {
  slug: string
  name: string
  description: string
  parent?: string
  position: number
  kind?: 'standard' | 'vertical'
  tagline?: string
}

export interface DemoSocialLink {
  network: string
  url: string
  handle?: string
}

export interface DemoAuthor {
  slug: string
  name: string
  roleTitle: string
  bio: string
  photo?: string
  socialLinks: DemoSocialLink[]
}

export interface DemoTag {
  slug: string
  name: string
}

export type DemoRelated =
  | { article: string; headline?: string; teaser?: string }
  | { url: string; headline: string; teaser?: string }

export interface DemoArticle {
  slug: string
  headline: string
  seoTitle?: string
  seoDescription?: string
  dek: string
  label: 'Analysis' | 'Opinion' | 'News' | 'Reporting' | 'Explainer' | 'Short take'
  section: string
  authors: { slug: string; role?: string }[]
  tags: string[]
  /**
   * Body in a tiny markup, one entry per block: plain entries are paragraphs; "## " and "### "
   * start headings, "> " a quotation, "- " and "1. " list items, "![media-key] caption" an
   * image. Inline: **strong**, _emphasis_, [text](https://link).
   */
  body: string[]
  teaser?: string
  leadImage?: string
  leadImageCaption?: string
  /** Hours before seed time that it went live. Ignored for drafts. */
  publishedHoursAgo?: number
  /** Hours after seed time that a scheduled story goes live. */
  publishInHours?: number
  status?: 'draft' | 'scheduled' | 'published' | 'unpublished'
  related?: DemoRelated[]
  /** Former slugs that must redirect here. */
  formerSlugs?: string[]
}

export interface DemoPromo {
  kind: 'newsletter' | 'appeal' | 'cta' | 'banner'
  placement: 'top' | 'after-headline' | 'after-body' | 'sidebar' | 'end'
  title: string
  body: string[]
  linkUrl?: string
  linkLabel?: string
  /** Window relative to seed time, in days; omit a side for an open-ended window. */
  startsInDays?: number
  endsInDays?: number
  section?: string
  priority?: number
}

export interface DemoSite {
  name: string
  tagline: string
  url: string
  socialLinks: DemoSocialLink[]
  newsletterTitle: string
  newsletterText: string
  newsletterUrl: string
}

export interface DemoPublication {
  site: DemoSite
  media: DemoMedia[]
  sections: DemoSection[]
  authors: DemoAuthor[]
  tags: DemoTag[]
  articles: DemoArticle[]
  promos: DemoPromo[]
}

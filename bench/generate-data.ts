import { sql } from 'drizzle-orm'
import type { Database } from '../src/db/database.js'
import { articleBodyRenditions, promoBodyRenditions, type PortableTextBlock } from '../src/domain/rich-text/index.js'
import { adjectives, between, firstNames, headline, lastNames, nouns, paragraph, pick, places, prng, seedFor, slugify, titleCase, type Random } from './prose.js'

/**
 * The benchmark data set: a publication shaped like a real one (section tree, bylines, tags,
 * curated links, licensed photos, long bodies), generated deterministically from a seed so two
 * runs of the same size measure the same data.
 */

export interface DataSetSize {
  articles: number
  authors: number
  sections: number
  images: number
  tags: number
}

export function dataSetSize(articles: number): DataSetSize {
  // One lead photo per article; people, sections and tags stay at newsroom scale.
  return { articles, authors: 200, sections: 30, images: articles, tags: 400 }
}

/** The tables whose counts decide whether an existing database can be reused. */
export const countedTables = { articles: 'articles', authors: 'authors', sections: 'sections', images: 'media_assets', tags: 'tags' } as const

/** Both drivers answer execute() with an object holding `rows`; Drizzle types it as unknown over the union. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

export async function countRows(database: Database): Promise<DataSetSize> {
  const counts: Record<string, number> = {}
  for (const [key, table] of Object.entries(countedTables)) {
    const result = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))
    const row = rowsOf<{ n: number }>(result)[0]
    counts[key] = row?.n ?? 0
  }
  return counts as unknown as DataSetSize
}

// Ids are derived from (kind, index), so any pass can point at any row without a lookup table.
const kinds = { section: '5ec70000', author: 'a0700000', image: '1a6e0000', tag: '7a600000', article: 'a7100000', link: 'e1170000' } as const
export function idOf(kind: keyof typeof kinds, index: number): string {
  return `${kinds[kind]}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`
}

// Streams keep each table's randomness independent of the others.
const STREAM = { image: 1, author: 2, tag: 3, article: 4, byline: 5, tagging: 6, related: 7 } as const

/** About 2% drafts, so public reads really do filter; chosen by index so every pass agrees. */
export function isDraft(index: number): boolean {
  return Math.imul(index + 1, 2_654_435_761) >>> 0 < 4_294_967_296 * 0.02
}

const topSections = [
  ['News', ['Local', 'Politics', 'Education', 'Health']],
  ['World', ['Europe', 'Americas', 'Asia Pacific', 'Middle East']],
  ['Business', ['Markets', 'Work', 'Technology', 'Property']],
  ['Culture', ['Books', 'Music', 'Film', 'Food']],
  ['Sport', ['Football', 'Cricket', 'Cycling', 'Sailing']],
  ['Opinion', ['Editorials', 'Columns', 'Letters', 'Analysis']],
] as const

interface SectionSpec {
  index: number
  name: string
  slug: string
  parent: number | null
  position: number
}

function sectionTree(): SectionSpec[] {
  const specs: SectionSpec[] = []
  topSections.forEach(([name, children], top) => {
    const parentIndex = specs.length
    specs.push({ index: parentIndex, name, slug: slugify(name), parent: null, position: top })
    children.forEach((child, position) => {
      specs.push({ index: specs.length, name: child, slug: `${slugify(name)}-${slugify(child)}`, parent: parentIndex, position })
    })
  })
  return specs
}

const labels = ['News', 'Analysis', 'Reporting', 'Opinion', 'Explainer', 'Interview'] as const
const providers = ['Northlight Agency', 'Tidewater Pictures', 'Open Lens Collective', 'Staff'] as const
const licences = [
  { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { name: 'Agency licence', url: 'https://licensing.example.test/agency' },
  { name: 'Staff photo', url: null },
] as const

function personName(random: Random): string {
  return `${pick(random, firstNames)} ${pick(random, lastNames)}`
}

function articleBody(random: Random, index: number): PortableTextBlock[] {
  const count = between(random, 6, 10)
  return Array.from({ length: count }, (_, k): PortableTextBlock => {
    const text = paragraph(random)
    // One inline link per story, so HTML rendering does real mark handling.
    if (k === 1) {
      return {
        _type: 'block',
        _key: `b${k}`,
        style: 'normal',
        children: [
          { _type: 'span', _key: `b${k}s0`, text: `${text} Read `, marks: [] },
          { _type: 'span', _key: `b${k}s1`, text: 'the full report', marks: ['l0'] },
          { _type: 'span', _key: `b${k}s2`, text: '.', marks: [] },
        ],
        markDefs: [{ _type: 'link', _key: 'l0', href: `https://reports.example.test/${index}` }],
      }
    }
    return { _type: 'block', _key: `b${k}`, style: 'normal', children: [{ _type: 'span', _key: `b${k}s0`, text, marks: [] }], markDefs: [] }
  })
}

type Row = Record<string, unknown>

/** A one-line progress bar on stderr, redrawn at most every 1% so it costs nothing. */
function progress(label: string, total: number): { tick(done: number): void; end(): void } {
  const width = 30
  let lastPercent = -1
  const draw = (done: number) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
    if (percent === lastPercent) return
    lastPercent = percent
    const filled = Math.round((percent / 100) * width)
    process.stderr.write(`\r  ${label.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% (${done}/${total})`)
  }
  return { tick: draw, end: () => { draw(total); process.stderr.write('\n') } }
}

const BATCH_ROWS = 1000

/**
 * Inserts the rows produced for indexes 0..count-1 in batches of ~1000, one transaction per
 * table. A batch travels as one JSON parameter expanded by json_populate_recordset: one round
 * trip and one parameter per batch, whatever the column count, on both node-postgres and PGlite.
 * The next batch is built while the database inserts the last one. The table's secondary
 * indexes (those that back no constraint) are dropped first and built again at the end: one
 * bulk build costs far less than a million insertions (the full-text GIN index most of all).
 */
async function insertTable(database: Database, table: string, columns: readonly string[], count: number, rowsFor: (index: number) => Row[]): Promise<void> {
  const list = columns.join(', ')
  const bar = progress(table, count)
  await database.db.transaction(async (tx) => {
    // The server's per-statement limit guards requests, not a bulk load: at a million rows the
    // full-text index alone builds for minutes.
    if (database.kind === 'postgres') await tx.execute(sql`SET LOCAL statement_timeout = 0`)
    const indexes = rowsOf<{ name: string; definition: string }>(
      await tx.execute(sql`SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ${table}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`),
    )
    // Index names come from the catalogue (drizzle-kit named them), not from input.
    for (const index of indexes) await tx.execute(sql.raw(`DROP INDEX "${index.name}"`))
    let batch: Row[] = []
    let inFlight: Promise<unknown> = Promise.resolve()
    const flush = async () => {
      if (batch.length === 0) return
      const json = JSON.stringify(batch)
      batch = []
      await inFlight
      // Drizzle runs a query each time it is awaited: Promise.resolve runs it once, now.
      inFlight = Promise.resolve(tx.execute(sql`insert into ${sql.raw(table)} (${sql.raw(list)}) select ${sql.raw(list)} from json_populate_recordset(null::${sql.raw(table)}, ${json}::json)`))
      // Handled when awaited (next batch or the end); until then it must not count as unhandled.
      inFlight.catch(() => undefined)
    }
    for (let index = 0; index < count; index++) {
      for (const row of rowsFor(index)) batch.push(row)
      if (batch.length >= BATCH_ROWS) {
        await flush()
        bar.tick(index + 1)
      }
    }
    await flush()
    await inFlight
    // For this transaction only: room to build the indexes in memory.
    if (indexes.length > 0) await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`)
    for (const index of indexes) await tx.execute(sql.raw(index.definition))
  })
  bar.end()
}

/** Distinct random integers in [0, range), excluding `exclude` values; bounded attempts. */
function distinct(random: Random, howMany: number, range: number, accept: (value: number) => boolean): number[] {
  const chosen = new Set<number>()
  for (let attempt = 0; chosen.size < howMany && attempt < howMany * 20; attempt++) {
    const value = Math.floor(random() * range)
    if (accept(value)) chosen.add(value)
  }
  return [...chosen]
}

/** Fills an empty, migrated database. `now` anchors the publication dates (all in the past). */
export async function generateData(database: Database, size: DataSetSize, seed: number, now: Date): Promise<void> {
  const DAY = 86_400_000
  const iso = (ms: number) => new Date(ms).toISOString()
  const rng = (stream: number, index: number) => prng(seedFor(seed, stream, index))

  await database.db.execute(sql`insert into site_settings (id, name, tagline, url, language, timezone, newsletter_title, newsletter_text, newsletter_url)
    values (1, 'The Bench Courier', 'Generated news for load tests', 'https://courier.example.test', 'en', 'UTC',
            'The morning note', 'The day''s stories before breakfast.', 'https://courier.example.test/newsletter')`)

  await insertTable(database, 'media_assets', ['id', 'url', 'alt', 'caption', 'width', 'height', 'mime_type', 'credit_creator', 'credit_provider', 'licence_name', 'licence_url', 'licence_expires_at', 'created_at', 'updated_at'], size.images, (i) => {
    const random = rng(STREAM.image, i)
    const licence = pick(random, licences)
    const provider = pick(random, providers)
    const created = iso(now.getTime() - 800 * DAY + i)
    return [{
      id: idOf('image', i),
      url: `https://images.courier.example.test/${i}.jpg`,
      alt: `${titleCase(pick(random, adjectives))} ${pick(random, nouns)} in ${pick(random, places)}`,
      caption: `The ${pick(random, nouns)} at ${pick(random, places)}, photographed this season.`,
      width: 1600,
      height: random() < 0.8 ? 900 : 1067,
      mime_type: 'image/jpeg',
      credit_creator: personName(random),
      credit_provider: provider,
      licence_name: licence.name,
      licence_url: licence.url,
      // Some agency licences expire: the page must say so at read time.
      licence_expires_at: licence.name === 'Agency licence' ? iso(now.getTime() + between(random, -30, 365) * DAY) : null,
      created_at: created,
      updated_at: created,
    }]
  })

  const sections = sectionTree()
  await insertTable(database, 'sections', ['id', 'slug', 'name', 'description', 'parent_id', 'position', 'kind'], sections.length, (i) => {
    const spec = sections[i]
    if (!spec) return []
    return [{ id: idOf('section', i), slug: spec.slug, name: spec.name, description: `${spec.name} coverage.`, parent_id: spec.parent === null ? null : idOf('section', spec.parent), position: spec.position, kind: 'standard' }]
  })

  await insertTable(database, 'authors', ['id', 'slug', 'name', 'role_title', 'bio', 'photo_id', 'social_links'], size.authors, (i) => {
    const random = rng(STREAM.author, i)
    const name = personName(random)
    return [{
      id: idOf('author', i),
      slug: `${slugify(name)}-${i}`,
      name,
      role_title: pick(random, ['Reporter', 'Correspondent', 'Editor', 'Columnist', 'Photographer']),
      bio: `${name} covers ${pick(random, nouns)} and ${pick(random, nouns)} stories from ${pick(random, places)}.`,
      photo_id: idOf('image', i % size.images),
      social_links: [{ network: 'mastodon', url: `https://social.example.test/@author${i}` }],
    }]
  })

  await insertTable(database, 'tags', ['id', 'slug', 'name'], size.tags, (i) => {
    const random = rng(STREAM.tag, i)
    const name = `${pick(random, adjectives)} ${pick(random, nouns)}`
    return [{ id: idOf('tag', i), slug: `${slugify(name)}-${i}`, name: titleCase(name) }]
  })

  // Stories go into subsections (the leaves), as a newsroom files them.
  const leaves = sections.filter((s) => s.parent !== null).map((s) => s.index)
  // Generated bodies embed no images, so their renditions need no media: rendered here, in the batch.
  const noMedia = new Map<string, never>()
  await insertTable(database, 'articles', ['id', 'slug', 'headline', 'dek', 'label', 'section_id', 'body', 'body_text', 'body_html', 'excerpt', 'word_count', 'teaser', 'lead_image_id', 'status', 'publish_at', 'first_published_at', 'created_at', 'updated_at'], size.articles, (i) => {
    const random = rng(STREAM.article, i)
    const title = titleCase(headline(random))
    const body = articleBody(random, i)
    const renditions = articleBodyRenditions(body, noMedia)
    const draft = isDraft(i)
    // Spread over two years, at least a minute old, so every published story is live now.
    const publishAt = iso(now.getTime() - 60_000 - Math.floor(random() * 730 * DAY))
    return [{
      id: idOf('article', i),
      slug: `${slugify(title)}-${i.toString(36)}`,
      headline: title,
      dek: `${titleCase(pick(random, adjectives))} questions remain over the ${pick(random, nouns)} in ${pick(random, places)}.`,
      label: pick(random, labels),
      section_id: idOf('section', pick(random, leaves)),
      body,
      body_text: renditions.bodyText,
      body_html: renditions.bodyHtml,
      excerpt: renditions.excerpt,
      word_count: renditions.wordCount,
      teaser: random() < 0.5 ? `What the ${pick(random, nouns)} decision means for ${pick(random, places)}.` : null,
      lead_image_id: idOf('image', i % size.images),
      status: draft ? 'draft' : 'published',
      publish_at: draft ? null : publishAt,
      first_published_at: draft ? null : publishAt,
      created_at: publishAt,
      updated_at: publishAt,
    }]
  })

  await insertTable(database, 'article_authors', ['article_id', 'author_id', 'position', 'role'], size.articles, (i) => {
    const random = rng(STREAM.byline, i)
    return distinct(random, between(random, 1, 3), size.authors, () => true).map((author, position) => ({
      article_id: idOf('article', i), author_id: idOf('author', author), position, role: position === 0 ? 'By' : 'Additional reporting by',
    }))
  })

  await insertTable(database, 'article_tags', ['article_id', 'tag_id', 'position'], size.articles, (i) => {
    const random = rng(STREAM.tagging, i)
    return distinct(random, between(random, 3, 6), size.tags, () => true).map((tag, position) => ({ article_id: idOf('article', i), tag_id: idOf('tag', tag), position }))
  })

  await insertTable(database, 'related_links', ['id', 'article_id', 'position', 'target_article_id', 'headline'], size.articles, (i) => {
    const random = rng(STREAM.related, i)
    const targets = distinct(random, 5, size.articles, (j) => j !== i && !isDraft(j))
    return targets.map((target, position) => ({
      id: idOf('link', i * 5 + position),
      article_id: idOf('article', i),
      position,
      target_article_id: idOf('article', target),
      // Editors override the headline on some curated links.
      headline: random() < 0.2 ? `Background: the ${pick(random, nouns)} story so far` : null,
    }))
  })

  const promoWindow = { starts_at: iso(now.getTime() - 30 * DAY), ends_at: iso(now.getTime() + 3650 * DAY) }
  const promoBody = (text: string): PortableTextBlock[] => [{ _type: 'block', _key: 'b0', style: 'normal', children: [{ _type: 'span', _key: 'b0s0', text, marks: [] }], markDefs: [] }]
  const promos = [
    { kind: 'newsletter', placement: 'sidebar', title: 'Get the morning note', body: promoBody('The day\'s stories before breakfast.'), link_url: 'https://courier.example.test/newsletter', link_label: 'Sign up', priority: 2, section_id: null },
    { kind: 'appeal', placement: 'after-body', title: 'Support local reporting', body: promoBody('Readers fund this newsroom.'), link_url: 'https://courier.example.test/support', link_label: 'Give', priority: 3, section_id: null },
    { kind: 'cta', placement: 'end', title: 'Send us a tip', body: promoBody('Know something we should look into?'), link_url: 'https://courier.example.test/tips', link_label: 'Contact', priority: 1, section_id: null },
    { kind: 'banner', placement: 'top', title: 'Election night live', body: promoBody('Results as they come in.'), link_url: 'https://courier.example.test/live', link_label: 'Follow', priority: 5, section_id: idOf('section', 0) },
  ]
  await insertTable(database, 'promo_blocks', ['id', 'kind', 'placement', 'title', 'body', 'body_html', 'body_text', 'word_count', 'link_url', 'link_label', 'starts_at', 'ends_at', 'section_id', 'priority'], promos.length, (i) => {
    const promo = promos[i]
    if (!promo) return []
    const { bodyHtml, bodyText, wordCount } = promoBodyRenditions(promo.body, noMedia)
    return [{ id: `9a0b0000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, ...promo, body_html: bodyHtml, body_text: bodyText, word_count: wordCount, ...promoWindow }]
  })

  await database.db.execute(sql`analyze`)
}

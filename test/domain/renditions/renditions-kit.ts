import { sql } from 'drizzle-orm'
import type { Db } from '../../../src/db/database.js'
import { resultRows, uuidArray } from '../../../src/domain/articles/articles.repository.js'
import type { AsRole } from '../../helpers/editor-client.js'

/** What the stored rendition columns hold, by row id. */
export async function storedArticleRenditions(db: Db, ids: string[]): Promise<Map<string, { html: string | null; excerpt: string | null; wordCount: number | null }>> {
  const rows = resultRows(await db.execute(sql`SELECT id, body_html, excerpt, word_count FROM articles WHERE id = ANY(${uuidArray(ids)})`))
  return new Map(rows.map((row) => [row.id as string, { html: row.body_html as string | null, excerpt: row.excerpt as string | null, wordCount: row.word_count === null ? null : Number(row.word_count) }]))
}

export async function storedPromoRenditions(db: Db, ids: string[]): Promise<Map<string, { html: string | null; text: string | null }>> {
  const rows = resultRows(await db.execute(sql`SELECT id, body_html, body_text FROM promo_blocks WHERE id = ANY(${uuidArray(ids)})`))
  return new Map(rows.map((row) => [row.id as string, { html: row.body_html as string | null, text: row.body_text as string | null }]))
}

const ARTICLE = `query ($id: ID!) { article(id: $id, preview: true) { teaser body { html wordCount } } }`
const PROMO = `query ($id: ID!) { promo(id: $id, preview: true) { body { html text } } }`

/**
 * What the API serves for the same rows, rendered by the resolvers (for articles without an
 * editor's teaser, so `teaser` is the automatic one). Needs a client with a preview token.
 */
export async function servedArticleRenditions(as: AsRole, id: string): Promise<{ html: string; excerpt: string; wordCount: number }> {
  const response = await as<{ article: { teaser: string; body: { html: string; wordCount: number } } | null }>(ARTICLE, { id })
  const article = response.data.article
  if (!article) throw new Error(`article ${id} not served: ${JSON.stringify(response.errors)}`)
  return { html: article.body.html, excerpt: article.teaser, wordCount: article.body.wordCount }
}

export async function servedPromoRenditions(as: AsRole, id: string): Promise<{ html: string; text: string }> {
  const response = await as<{ promo: { body: { html: string; text: string } } | null }>(PROMO, { id })
  const promo = response.data.promo
  if (!promo) throw new Error(`promo ${id} not served: ${JSON.stringify(response.errors)}`)
  return promo.body
}

const paragraph = (text: string, key: string) => ({ _type: 'block', _key: key, style: 'normal', markDefs: [], children: [{ _type: 'span', text, marks: [] }] })

/** A body with everything renditions depend on: paragraphs, a link, a list, an image and an embed. */
export function richBody(mediaId: string, opening = 'The council met on Tuesday night to vote on the harbour plan.'): Record<string, unknown>[] {
  return [
    { _type: 'block', _key: 'h', style: 'h2', markDefs: [], children: [{ _type: 'span', text: 'What happened', marks: [] }] },
    paragraph(opening, 'p0'),
    {
      _type: 'block',
      _key: 'p1',
      style: 'normal',
      markDefs: [{ _type: 'link', _key: 'l0', href: 'https://example.test/report' }],
      children: [
        { _type: 'span', text: 'Read the ', marks: [] },
        { _type: 'span', text: 'full report', marks: ['l0', 'strong'] },
        { _type: 'span', text: ' before the next <meeting> & vote.', marks: [] },
      ],
    },
    { _type: 'image', _key: 'i0', mediaId },
    { _type: 'block', _key: 'li0', style: 'normal', listItem: 'bullet', level: 1, markDefs: [], children: [{ _type: 'span', text: 'First point', marks: [] }] },
    { _type: 'block', _key: 'li1', style: 'normal', listItem: 'bullet', level: 2, markDefs: [], children: [{ _type: 'span', text: 'Nested point', marks: [] }] },
    { _type: 'embed', _key: 'e0', url: 'https://video.example.test/watch/1', title: 'The meeting on video' },
    paragraph('A third paragraph that the teaser leaves out.', 'p2'),
  ]
}

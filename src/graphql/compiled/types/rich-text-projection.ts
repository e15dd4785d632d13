import { sql, type SQL } from 'drizzle-orm'
import { Unsupported } from '../plan-builder.js'
import type { FieldCompiler, FieldContext, Projection, TypeProjection } from '../projection.js'

/**
 * RichText from the renditions stored beside a body (written with it, so reads never render):
 * `given` holds expressions for `html`, `text`, `json` and, where stored, `words`. A rendition
 * that is missing (a row written before renditions existed) fails the plan's condition, and that
 * request runs through the resolvers, which render.
 */
function rendition(name: 'html' | 'text' | 'json' | 'words', json: (value: SQL) => SQL = (value) => value): FieldCompiler {
  return (context: FieldContext): Projection => {
    const value = context.given[name]
    if (value === undefined) throw new Unsupported(`RichText.${context.field.name} here`)
    return { json: json(value), keys: [], ok: name === 'json' ? [] : [sql`${value} IS NOT NULL`], joins: [] }
  }
}

// reading-stats.ts: whole minutes rounded up, at least 1 for any text, at 230 words a minute.
const WORDS_PER_MINUTE = 230

export const richTextProjection: TypeProjection = {
  fields: {
    html: rendition('html'),
    text: rendition('text'),
    json: rendition('json'),
    wordCount: rendition('words'),
    readingMinutes: rendition('words', (words) => sql`CASE WHEN ${words} > 0 THEN greatest(1, ceil(${words} / ${sql.raw(`${WORDS_PER_MINUTE}.0`)}))::int ELSE 0 END`),
  },
}

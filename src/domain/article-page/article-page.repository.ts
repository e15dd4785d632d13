import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/database.js'
import type { ArticleRow } from '../articles/article-row.js'
import { bySlugSql, mapBySlugRow, resultRows } from '../articles/articles.repository.js'
import { bylinesFromJson, bylinesJsonSql, type BylineRow } from '../authors/authors.repository.js'
import { sectionTreeFromJson, sectionTreeJsonSql } from '../sections/sections.repository.js'
import type { SectionTree } from '../sections/section-tree.js'
import { siteFromJson, siteJsonSql, type SiteRow } from '../site/site.repository.js'
import { tagsFromJson, tagsJsonSql, type TagRow } from '../tags/tags.repository.js'

export interface PageRead {
  article: ArticleRow
  sectionTree: SectionTree
  site: SiteRow
  bylines: BylineRow[]
  tags: (TagRow & { articleId: string })[]
}

/**
 * A page's article by slug, with the section tree and the site settings every page shows and the
 * article's bylines and tags, in one statement (five otherwise); `visible` as for `bySlugSql`.
 */
export async function findPageArticle(exec: Executor, slug: string, visible: SQL): Promise<PageRead | undefined> {
  const result = await exec.execute(sql`
    SELECT hit.*, ${sectionTreeJsonSql} AS page_sections, ${siteJsonSql} AS page_site,
      ${bylinesJsonSql(sql`hit.id`)} AS page_bylines, ${tagsJsonSql(sql`hit.id`)} AS page_tags
    FROM (${bySlugSql(slug, visible)}) hit`)
  const raw = resultRows(result)[0]
  if (raw === undefined) return undefined
  const article = mapBySlugRow(raw)
  return {
    article,
    sectionTree: sectionTreeFromJson(raw.page_sections),
    site: siteFromJson(raw.page_site),
    bylines: bylinesFromJson(article.id, raw.page_bylines),
    tags: tagsFromJson(article.id, raw.page_tags),
  }
}

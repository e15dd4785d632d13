import type { DemoPublication } from './types.js'
import { site } from './site.js'
import { media } from './media.js'
import { sections } from './sections.js'
import { authors } from './authors.js'
import { tags } from './tags.js'
import { promos } from './promos.js'
import { articlesMiddleEast } from './articles-1.js'
import { articlesEuropeAsia } from './articles-2.js'
import { articlesLatinAmericaAfrica } from './articles-3.js'
import { articlesWashingtonEconomy } from './articles-4.js'
import { articlesSignal } from './articles-5.js'

export const demoPublication: DemoPublication = {
  site,
  media,
  sections,
  authors,
  tags,
  articles: [
    ...articlesMiddleEast,
    ...articlesEuropeAsia,
    ...articlesLatinAmericaAfrica,
    ...articlesWashingtonEconomy,
    ...articlesSignal,
  ],
  promos,
}

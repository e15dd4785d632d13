import type { DemoSection } from './types.js'

export const sections: DemoSection[] = [
  {
    slug: 'regions',
    name: 'Regions',
    description: 'Reporting and analysis organised by the parts of the world our correspondents cover.',
    position: 1,
  },
  {
    slug: 'middle-east',
    name: 'Middle East',
    description: 'Gulf diplomacy, the Levant, Iran and the region’s wars and negotiations, from correspondents based in the region.',
    parent: 'regions',
    position: 1,
  },
  {
    slug: 'europe',
    name: 'Europe',
    description: 'The European Union, the war in Ukraine and the politics of a continent rearming. We follow Brussels and the capitals that steer it.',
    parent: 'regions',
    position: 2,
  },
  {
    slug: 'asia-pacific',
    name: 'Asia-Pacific',
    description: 'China, its neighbours and the alliances being rebuilt around them, from the Taiwan Strait to the Indian Ocean.',
    parent: 'regions',
    position: 3,
  },
  {
    slug: 'latin-america',
    name: 'Latin America',
    description: 'Elections, commodities and the hemisphere’s uneasy relationship with Washington and Beijing.',
    parent: 'regions',
    position: 4,
  },
  {
    slug: 'africa',
    name: 'Africa',
    description: 'Security, debt and diplomacy across the continent, with particular attention to the Sahel, the Horn and the large coastal economies.',
    parent: 'regions',
    position: 5,
  },
  {
    slug: 'washington-politics',
    name: 'Washington Politics',
    description: 'How Congress, the White House and the agencies make American foreign policy, and who wins the arguments in between.',
    position: 2,
  },
  {
    slug: 'economy-trade',
    name: 'Economy & Trade',
    description: 'Tariffs, sanctions, sovereign debt and the supply chains that turn economics into geopolitics.',
    position: 3,
  },
  {
    slug: 'defence-security',
    name: 'Defence & Security',
    description: 'Budgets, alliances and the industrial base behind them. We report on what armies buy and why.',
    position: 4,
  },
  {
    slug: 'signal',
    name: 'Signal',
    description: 'Short takes from our editors on the day’s foreign-policy news: what happened, and why it matters, in three paragraphs or fewer.',
    position: 5,
    kind: 'vertical',
    tagline: 'Signal — the news, minus the noise.',
  },
]

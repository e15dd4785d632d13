import type { DemoAuthor } from './types.js'

export const authors: DemoAuthor[] = [
  {
    slug: 'leila-haddad',
    name: 'Leila Haddad',
    roleTitle: 'Middle East correspondent',
    bio: 'Leila Haddad covers the Gulf, the Levant and Iran from Amman. She previously reported on Lebanese politics for a decade and writes most often about the mediators who work between the region’s capitals.',
    photo: 'author-leila-haddad',
    socialLinks: [
      { network: 'x', url: 'https://x.example/leilahaddad', handle: '@leilahaddad' },
      { network: 'bluesky', url: 'https://bsky.example/profile/leilahaddad', handle: '@leilahaddad' },
    ],
  },
  {
    slug: 'tomasz-wierzbicki',
    name: 'Tomasz Wierzbicki',
    roleTitle: 'Europe editor',
    bio: 'Tomasz Wierzbicki edits our Europe coverage from Brussels. He has reported on EU sanctions policy since 2014 and on Central European politics for longer than he likes to admit.',
    photo: 'author-tomasz-wierzbicki',
    socialLinks: [
      { network: 'x', url: 'https://x.example/twierzbicki', handle: '@twierzbicki' },
      { network: 'linkedin', url: 'https://linkedin.example/in/tomasz-wierzbicki' },
    ],
  },
  {
    slug: 'mei-lin-ashcroft',
    name: 'Mei-Lin Ashcroft',
    roleTitle: 'Senior Fellow, Asia-Pacific',
    bio: 'Mei-Lin Ashcroft is a senior fellow at The Meridian Review, where she writes on maritime security and alliance politics in East Asia. She spent six years as an analyst covering the South China Sea before joining us.',
    photo: 'author-mei-lin-ashcroft',
    socialLinks: [
      { network: 'bluesky', url: 'https://bsky.example/profile/meilinashcroft', handle: '@meilinashcroft' },
    ],
  },
  {
    slug: 'rafael-quintero',
    name: 'Rafael Quintero',
    roleTitle: 'Latin America correspondent',
    bio: 'Rafael Quintero reports on Latin America from Santiago and Buenos Aires. His work focuses on commodities, fiscal politics and the region’s dealings with Washington and Beijing.',
    photo: 'author-rafael-quintero',
    socialLinks: [
      { network: 'x', url: 'https://x.example/rquintero', handle: '@rquintero' },
      { network: 'instagram', url: 'https://instagram.example/rafaelquintero.reports', handle: '@rafaelquintero.reports' },
    ],
  },
  {
    slug: 'naomi-achterberg',
    name: 'Naomi Achterberg',
    roleTitle: 'Washington correspondent',
    bio: 'Naomi Achterberg covers Congress and the national-security agencies. Before joining The Meridian Review she spent eight years as a staffer on Capitol Hill, which she says was mostly useful for learning where the real meetings happen.',
    photo: 'author-naomi-achterberg',
    socialLinks: [
      { network: 'x', url: 'https://x.example/nachterberg', handle: '@nachterberg' },
      { network: 'bluesky', url: 'https://bsky.example/profile/nachterberg', handle: '@nachterberg' },
      { network: 'linkedin', url: 'https://linkedin.example/in/naomi-achterberg' },
    ],
  },
  {
    slug: 'kwabena-owusu',
    name: 'Kwabena Owusu',
    roleTitle: 'Africa correspondent',
    bio: 'Kwabena Owusu is based in Accra and reports across West Africa, the Sahel and the Horn. He writes about security partnerships, humanitarian access and the politics of debt.',
    photo: 'author-kwabena-owusu',
    socialLinks: [
      { network: 'x', url: 'https://x.example/kowusu', handle: '@kowusu' },
    ],
  },
  {
    slug: 'annika-solberg',
    name: 'Annika Solberg',
    roleTitle: 'Senior Fellow, Energy and Climate',
    bio: 'Annika Solberg writes about energy security and the geopolitics of the energy transition. She worked for a decade in the North Sea oil and gas industry before turning to policy research.',
    photo: 'author-annika-solberg',
    socialLinks: [
      { network: 'linkedin', url: 'https://linkedin.example/in/annika-solberg' },
      { network: 'bluesky', url: 'https://bsky.example/profile/asolberg', handle: '@asolberg' },
    ],
  },
  {
    slug: 'daniel-okafor',
    name: 'Daniel Okafor',
    roleTitle: 'Economics editor',
    bio: 'Daniel Okafor edits our coverage of trade, sanctions and sovereign debt. He was previously a markets reporter in London and Lagos.',
    photo: 'author-daniel-okafor',
    socialLinks: [
      { network: 'x', url: 'https://x.example/dokafor', handle: '@dokafor' },
      { network: 'linkedin', url: 'https://linkedin.example/in/daniel-okafor' },
    ],
  },
  {
    slug: 'gideon-marsh',
    name: 'Gideon Marsh',
    roleTitle: 'Defence correspondent',
    bio: 'Gideon Marsh covers defence budgets, arms sales and the industrial base. He served as a naval officer before becoming a journalist.',
    socialLinks: [
      { network: 'x', url: 'https://x.example/gideonmarsh', handle: '@gideonmarsh' },
    ],
  },
  {
    slug: 'isobel-carrow',
    name: 'Isobel Carrow',
    roleTitle: 'Editor, Signal',
    bio: 'Isobel Carrow edits Signal, our short-takes desk. She reads the wires so that you do not have to, and keeps every item to three paragraphs or fewer.',
    socialLinks: [
      { network: 'bluesky', url: 'https://bsky.example/profile/isobelcarrow', handle: '@isobelcarrow' },
      { network: 'mastodon', url: 'https://mastodon.example/@isobelcarrow', handle: '@isobelcarrow@mastodon.example' },
    ],
  },
]

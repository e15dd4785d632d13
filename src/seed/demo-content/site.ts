import type { DemoSite } from './types.js'

export const site: DemoSite = {
  name: 'The Meridian Review',
  tagline: 'Foreign policy, read closely.',
  url: 'https://meridian.example',
  socialLinks: [
    { network: 'x', url: 'https://x.example/meridianreview', handle: '@meridianreview' },
    { network: 'bluesky', url: 'https://bsky.example/profile/meridian.example', handle: '@meridian.example' },
    { network: 'linkedin', url: 'https://linkedin.example/company/meridian-review', handle: 'meridian-review' },
    { network: 'youtube', url: 'https://youtube.example/@meridianreview', handle: '@meridianreview' },
  ],
  newsletterTitle: 'The Meridian Weekly',
  newsletterText:
    'Sign up for our weekly round-up: every Friday, the week’s most important foreign-policy analysis from our correspondents and fellows, with a short note from the editors on what to watch next.',
  newsletterUrl: 'https://meridian.example/newsletter',
}

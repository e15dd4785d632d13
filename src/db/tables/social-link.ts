/** One profile link, stored inside a jsonb array on authors and site settings. */
export interface SocialLink {
  network: string
  url: string
  handle?: string | undefined
}

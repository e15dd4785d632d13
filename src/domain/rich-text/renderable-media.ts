/**
 * What the renderer needs to know about a media asset placed in a body. Resolved by the caller
 * (one query for all the body's images) so rendering stays pure and synchronous.
 */
export interface RenderableMedia {
  url: string
  alt: string
  caption: string | null
  width: number | null
  height: number | null
  creditLine: string | null
}

import { mediaByIds } from '../../domain/media/media.service.js'
import { creditLine } from '../../domain/media/credit-line.js'
import { renderHtml, type RenderableMedia } from '../../domain/rich-text/index.js'
import type { RichTextView } from '../views/rich-text-view.js'
import type { Loader } from './loader-types.js'

export const richTextLoaders = {
  RichText: {
    /** HTML of many bodies; the images they embed are fetched in one statement. */
    html: (async (queries, { scope }) => {
      const mediaIds = queries.flatMap(({ obj }) => obj.blocks.flatMap((block) => (block._type === 'image' ? [block.mediaId] : [])))
      const media = await mediaByIds(scope, mediaIds)
      const renderable = new Map<string, RenderableMedia>(
        [...media].map(([id, asset]) => [
          id,
          { url: asset.url, alt: asset.alt, caption: asset.caption, width: asset.width, height: asset.height, creditLine: creditLine(asset) },
        ]),
      )
      return queries.map(({ obj }) => renderHtml(obj.blocks, { media: renderable }))
    }) satisfies Loader<RichTextView, string>,
  },
}

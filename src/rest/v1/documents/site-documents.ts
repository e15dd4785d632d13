import { selectionOf } from '../selection.js'
import { siteSchema } from '../schemas/representations.js'

export const siteDocuments = {
  site: `query RestSite { site ${selectionOf(siteSchema)} }`,
}

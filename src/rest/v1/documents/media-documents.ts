import { selectionOf } from '../selection.js'
import { imageSchema } from '../schemas/representations.js'

export const mediaDocuments = {
  one: `query RestMedia($id: ID!) { media(id: $id) ${selectionOf(imageSchema)} }`,
}

import { selectionOf } from '../selection.js'
import { promoSchema } from '../schemas/representations.js'

export const promoDocuments = {
  open: `query RestPromos($placement: PromoPlacement, $section: String) {
    promos(placement: $placement, section: $section) ${selectionOf(promoSchema)}
  }`,
  one: `query RestPromo($id: ID!, $preview: Boolean) { promo(id: $id, preview: $preview) ${selectionOf(promoSchema)} }`,
}

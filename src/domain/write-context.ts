import type { Principal } from '../auth/principal.js'
import type { Db } from '../db/database.js'

/** Everything a write needs: where to write, who is writing, and the one clock of the request. */
export interface WriteContext {
  db: Db
  principal: Principal
  now: Date
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/database.js'
import { ReadScope } from '../domain/read-scope.js'

/** What every resolver and loader receives besides its arguments. */
export interface GraphqlContext {
  /** Public reads at the instant the request arrived. */
  scope: ReadScope
  /** The instant the request arrived: one clock for the whole response. */
  now: Date
  /** Whether this request may compose pages at another instant (editors' preview tokens; issue #3). */
  mayTimeTravel: boolean
}

declare module 'mercurius' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds our fields
  interface MercuriusContext extends GraphqlContext {}
}

export function buildContextFactory(db: Db) {
  return (_request: FastifyRequest, _reply: FastifyReply): GraphqlContext => {
    const now = new Date()
    return { scope: new ReadScope(db, now), now, mayTimeTravel: false }
  }
}

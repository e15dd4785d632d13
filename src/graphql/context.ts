import type { FastifyReply, FastifyRequest } from 'fastify'
import { hasRole, PUBLIC, type Principal } from '../auth/principal.js'
import type { Db } from '../db/database.js'
import { ReadScope } from '../domain/read-scope.js'
import type { WriteContext } from '../domain/write-context.js'

/** What every resolver and loader receives besides its arguments. */
export interface GraphqlContext {
  /** Public reads at the instant the request arrived. */
  scope: ReadScope
  /** The instant the request arrived: one clock for the whole response. */
  now: Date
  /** Whether this request may read drafts and compose pages at another instant (preview role and above). */
  mayTimeTravel: boolean
  principal: Principal
  /** For mutations: the database, the principal and the request's clock. */
  write: WriteContext
}

declare module 'mercurius' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds our fields
  interface MercuriusContext extends GraphqlContext {}
}

export function buildContextFactory(db: Db) {
  return (request: FastifyRequest, _reply: FastifyReply): GraphqlContext => {
    const now = new Date()
    // Null when authentication itself failed (the database was unreachable) and Mercurius builds
    // a context only to report that error.
    const principal = (request.principal as Principal | null) ?? PUBLIC
    return { scope: new ReadScope(db, now), now, mayTimeTravel: hasRole(principal, 'preview'), principal, write: { db, principal, now } }
  }
}

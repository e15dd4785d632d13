import type { MercuriusContext } from 'mercurius'

/** One batched call: every (parent, arguments) pair Mercurius collected for a field. */
export type LoaderQueries<Parent, Params = Record<string, unknown>> = { obj: Parent; params: Params }[]

export type Loader<Parent, Result, Params = Record<string, unknown>> = (
  queries: LoaderQueries<Parent, Params>,
  context: MercuriusContext,
) => Promise<Result[]>

/**
 * Groups queries by their arguments so each distinct argument set costs one batched call; the
 * statements stay constant however many parents ask.
 */
export async function byParams<Parent, Result, Params>(
  queries: LoaderQueries<Parent, Params>,
  load: (parents: Parent[], params: Params) => Promise<Result[]>,
): Promise<Result[]> {
  const groups = new Map<string, number[]>()
  queries.forEach((query, index) => {
    const key = JSON.stringify(query.params ?? {})
    groups.set(key, [...(groups.get(key) ?? []), index])
  })
  const results = new Array<Result>(queries.length)
  for (const indexes of groups.values()) {
    const first = queries[indexes[0] ?? 0]
    if (!first) continue
    const loaded = await load(indexes.map((i) => (queries[i] as { obj: Parent }).obj), first.params)
    indexes.forEach((queryIndex, k) => {
      results[queryIndex] = loaded[k] as Result
    })
  }
  return results
}

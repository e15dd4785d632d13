/**
 * Deterministic filler for the benchmark data set: a seeded PRNG and original word lists.
 * The prose only has to look like news copy to the database (lengths, word frequencies for
 * full-text search, distinct slugs); it is assembled from these lists, never copied.
 */

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same stream. */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A seed per (stream, index), so each table pass can regenerate any row without the others. */
export function seedFor(base: number, stream: number, index: number): number {
  let h = (base ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) >>> 0
}

export type Random = () => number

export function pick<T>(random: Random, list: readonly T[]): T {
  const value = list[Math.floor(random() * list.length)]
  if (value === undefined) throw new Error('pick from an empty list')
  return value
}

export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export const places = [
  'Harbourside', 'Northfield', 'Eastmere', 'Kellow Bay', 'Ashgrove', 'Marram Point', 'Stonebridge', 'Westhaven',
  'Lindale', 'Corrin Valley', 'Old Quay', 'Brackenford', 'Tallis Heights', 'Riverside', 'Pellmarsh', 'Greystone',
  'Fenwick', 'Hollin Cross', 'Saltcombe', 'Dunmore Hills',
] as const

export const nouns = [
  'council', 'budget', 'harbour', 'school', 'hospital', 'railway', 'election', 'court', 'market', 'festival',
  'strike', 'bridge', 'library', 'forest', 'river', 'museum', 'airport', 'factory', 'union', 'minister',
  'ferry', 'stadium', 'theatre', 'clinic', 'farm', 'reservoir', 'tunnel', 'landlord', 'tenant', 'pension',
  'archive', 'orchestra', 'vineyard', 'lighthouse', 'pipeline', 'charter', 'inquiry', 'treaty', 'tariff', 'drought',
  'harvest', 'coalition', 'referendum', 'startup', 'shipyard', 'newsroom', 'border', 'census', 'wildfire', 'flood',
] as const

export const adjectives = [
  'quiet', 'long-awaited', 'disputed', 'ambitious', 'fragile', 'costly', 'unexpected', 'modest', 'sweeping', 'local',
  'temporary', 'record', 'rural', 'coastal', 'historic', 'overdue', 'bold', 'cautious', 'crowded', 'forgotten',
  'regional', 'secret', 'public', 'rising', 'final',
] as const

export const verbs = [
  'approves', 'rejects', 'delays', 'backs', 'questions', 'expands', 'closes', 'reopens', 'funds', 'reviews',
  'challenges', 'rebuilds', 'welcomes', 'warns', 'restores', 'blocks', 'unveils', 'defends', 'revives', 'weighs',
] as const

const connectors = [
  'after a long debate', 'despite objections', 'amid rising costs', 'as residents wait', 'before the winter',
  'in a narrow vote', 'under new rules', 'for the first time', 'ahead of the summer', 'with support from neighbours',
] as const

const subjects = [
  'The committee', 'Residents', 'Officials', 'The mayor', 'Local traders', 'Engineers', 'Campaigners', 'The board',
  'Teachers', 'Volunteers', 'Regional planners', 'The new director', 'Economists', 'Farmers', 'Nurses', 'Students',
] as const

const predicates = [
  'said the plan would take years to finish', 'argued that the figures did not add up', 'called for an independent review',
  'described the decision as a turning point', 'asked for more time to study the proposal', 'warned that costs could double',
  'welcomed the change but wanted more detail', 'pointed to similar schemes elsewhere', 'met late into the evening',
  'published their findings on the same day', 'expect a decision before the end of the month', 'have not yet seen the full report',
  'visited the site with a small delegation', 'raised the question at the public meeting', 'counted the votes twice',
] as const

const tails = [
  'according to documents seen by this newspaper', 'people familiar with the talks said', 'although no date has been set',
  'while the old building stays closed', 'a spokesperson confirmed on Tuesday', 'in figures released this week',
  'which some neighbours oppose', 'as the deadline approaches', 'though the details remain unclear', 'without a formal vote',
] as const

export const firstNames = [
  'Ada', 'Bram', 'Celia', 'Dmitri', 'Esme', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonah', 'Kaia', 'Lorcan', 'Mireille',
  'Nadim', 'Orla', 'Pavel', 'Quinn', 'Rosa', 'Soren', 'Tamsin', 'Umar', 'Vera', 'Wendell', 'Ximena', 'Yusuf', 'Zora',
] as const

export const lastNames = [
  'Abernathy', 'Blackwood', 'Castellan', 'Drummond', 'Ellery', 'Fairbairn', 'Galloway', 'Hartigan', 'Ingram', 'Jessop',
  'Kilbride', 'Lockhart', 'Merriman', 'Norcross', 'Ormsby', 'Pennington', 'Quarrie', 'Rowntree', 'Sallow', 'Thackeray',
] as const

/** Common words of the generated copy: W3 searches for these so every query has hits. */
export const searchWords = ['council', 'harbour', 'budget', 'review', 'residents', 'railway', 'school', 'museum', 'election', 'winter', 'costs', 'report'] as const

export function titleCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

export function headline(random: Random): string {
  return `${pick(random, places)} ${pick(random, nouns)} ${pick(random, verbs)} ${pick(random, adjectives)} ${pick(random, nouns)} plan ${pick(random, connectors)}`
}

export function sentence(random: Random): string {
  const core = `${pick(random, subjects)} ${pick(random, predicates)}`
  const withNoun = random() < 0.6 ? `${core} on the ${pick(random, adjectives)} ${pick(random, nouns)} in ${pick(random, places)}` : core
  return `${random() < 0.5 ? `${withNoun}, ${pick(random, tails)}` : withNoun}.`
}

export function paragraph(random: Random): string {
  const count = between(random, 3, 6)
  return Array.from({ length: count }, () => sentence(random)).join(' ')
}

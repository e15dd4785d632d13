import { BadUserInputError } from '../../errors.js'

export const MAX_PAGE_SIZE = 100

/** Validates a `first` argument: a whole number from 0 to the maximum. */
export function checkPageSize(first: number, argument = 'first', max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw BadUserInputError.at([argument], `must be a whole number from 0 to ${max}, got ${first}`)
  }
  return first
}

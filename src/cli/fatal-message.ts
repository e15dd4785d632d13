import { ConfigError } from '../config.js'
import { DataDirInUseError } from '../db/data-dir-lock.js'
import { DomainError } from '../errors.js'

/** What a command line prints when it stops: operators' mistakes as a sentence, bugs in full. */
export function fatalMessage(error: unknown): unknown {
  return error instanceof ConfigError || error instanceof DomainError || error instanceof DataDirInUseError ? error.message : error
}

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { schemaFolder } from '../paths.js'

/** The SDL contract: every .graphql file in schema/, in name order. */
export function loadSchemaSdl(folder = schemaFolder): string {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(folder, file), 'utf8'))
    .join('\n')
}

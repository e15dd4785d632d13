import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { migrationsFolder } from '../../src/paths.js'

export interface JournalEntry {
  idx: number
  version: string
  when: number
  tag: string
  breakpoints: boolean
}

/**
 * A copy of Masthead's migrations whose journal `edit` rewrites (to stop before one, or to add
 * one written into the folder), removed when the test ends.
 */
export function copyOfMigrations(t: { teardown(fn: () => void): void }, edit: (entries: JournalEntry[]) => JournalEntry[]): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'masthead-migrations-'))
  t.teardown(() => {
    rmSync(folder, { recursive: true, force: true })
  })
  cpSync(migrationsFolder, folder, { recursive: true })
  const journalPath = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] }
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: edit(journal.entries) }))
  return folder
}

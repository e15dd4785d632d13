import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { lockDataDir } from '../../src/db/data-dir-lock.js'

t.test('one process per embedded data folder', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'masthead-lock-'))
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  // A live process other than us owns it: the parent of this test process.
  writeFileSync(path.join(dir, 'masthead.lock'), String(process.ppid))
  t.throws(() => lockDataDir(dir), /in use by process \d+; stop it first/)

  // A lock left by a process that no longer exists is taken over.
  writeFileSync(path.join(dir, 'masthead.lock'), '999999999')
  const unlock = lockDataDir(dir)
  unlock()
  const again = lockDataDir(dir)
  again()
  t.end()
})

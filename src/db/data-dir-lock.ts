import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

/**
 * PGlite has one owner per data folder, and a second process opening it corrupts it quietly.
 * A lock file holding the owner's pid makes the second one stop with a clear message instead;
 * a lock left by a process that died is taken over.
 */
/** Another live process owns the folder: an operator's mistake, reported without a stack. */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, owner: number) {
    super(`The embedded database in ${dataDir} is in use by process ${owner}; stop it first (one process per data folder)`)
    this.name = 'DataDirInUseError'
  }
}

export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const lockFile = path.join(dataDir, 'masthead.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => {
        rmSync(lockFile, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(lockFile, 'utf8'))
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(dataDir, owner)
      }
      rmSync(lockFile, { force: true })
    }
  }
  throw new Error(`Could not lock ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { PreparedDatabase } from './bench-database.js'

/**
 * Servers under test run in processes of their own, so the load generator never shares an
 * event loop with them. Every child is tracked and killed on exit, on error and on Ctrl-C.
 */

const children = new Set<ChildProcess>()

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}
process.once('exit', killAll)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll()
    process.exit(130)
  })
}

export interface ServerProcess {
  pid: number
  /** e.g. http://127.0.0.1:41234 */
  base: string
  stop(): Promise<void>
}

/**
 * Starts `node args…` and resolves once it prints an http://127.0.0.1:<port> address (both
 * Masthead's banner and the ceilings print one), after which `readyPath` must answer 200.
 */
export async function startServer(label: string, args: string[], env: Record<string, string>, readyPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() })
  children.add(child)
  let output = ''
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`${label} did not start within 60 s:\n${output}`)) }, 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${match[1]}`)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      // Warnings and errors of the server stay visible while the bench runs.
      process.stderr.write(`[${label}] ${chunk.toString()}`)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${label} exited with code ${code}:\n${output}`))
    })
  })
  const ready = await fetch(`${base}${readyPath}`)
  if (!ready.ok) throw new Error(`${label}: ${readyPath} answered ${ready.status}`)
  if (child.pid === undefined) throw new Error(`${label} has no pid`)
  const pid = child.pid
  return {
    pid,
    base,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve() }))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
      children.delete(child)
    },
  }
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match?.[1] === undefined ? null : Number(match[1]) / 1024
  } catch {
    return null
  }
}

/** Masthead's built server (dist/) on the bench database, as the workloads drive it. */
export function startMasthead(prepared: PreparedDatabase, { databaseUrl, responseCache = false }: { databaseUrl?: string; responseCache?: boolean } = {}): Promise<ServerProcess> {
  // Empty values count as unset in Masthead's config: that is how an inherited DATABASE_URL is dropped for PGlite.
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO_CONTENT: 'false',
    GRAPHIQL: 'false',
    DATABASE_URL: '',
    ADMIN_TOKEN: '',
    // The load generator is one address sending thousands of requests a second.
    RATE_LIMIT_ENABLED: 'false',
    RESPONSE_CACHE: String(responseCache),
    ...prepared.serverEnv,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  }
  return startServer('masthead', [path.resolve(import.meta.dirname, '../dist/src/server.js')], env, '/readyz')
}

import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { projectRoot } from '../../src/paths.js'

export interface RunningServer {
  child: ChildProcess
  baseUrl: string
  output: () => string
  /** Milliseconds from spawn to "Masthead is up". */
  startupMs: number
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

interface ServerProcess {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

/** `src/server.ts` in its own process, as `npm start` runs it, with only the given environment. */
function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/server.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code)
    })
  })
  return { child, output: () => output, exited }
}

/** Starts the server on a free port and waits until it says it is up. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
  const started = Date.now()
  // Load shedding off unless a test asks: a busy CI machine must not turn its requests away.
  const { child, output, exited } = startServerProcess({ PORT: '0', LOG_LEVEL: 'warn', LOAD_SHEDDING: 'false', ...env })
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server not up in ${timeoutMs} ms:\n${output()}`))
    }, timeoutMs)
    child.stdout?.on('data', () => {
      const match = /GraphQL\s+(http:\/\/\S+)\/graphql/.exec(output())
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output()}`))
    })
  })
  return {
    child,
    baseUrl,
    output,
    startupMs: Date.now() - started,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Runs the server to completion (for start-up failures) and returns its exit code and output. */
export async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { output, exited } = startServerProcess(env)
  const code = await exited
  return { code, output: output() }
}

export async function postGraphql(baseUrl: string, query: string): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] } }
}

import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const BIN = '/usr/lib/postgresql/15/bin'

/** Why a throwaway cluster cannot run here, or undefined when it can. */
export function throwawayClusterUnavailable(): string | undefined {
  if (!existsSync(path.join(BIN, 'initdb'))) return `no PostgreSQL binaries in ${BIN}`
  if (process.getuid?.() !== 0) return 'needs root, to run initdb as the postgres user'
  return undefined
}

export interface ThrowawayCluster {
  url: string
  start(): void
  stop(): void
  destroy(): void
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address ? address.port : 0); })
    })
  })
}

function asPostgres(command: string[]): void {
  // initdb refuses to run as root; the cluster belongs to the postgres user.
  const result = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', command.map((part) => `'${part}'`).join(' ')], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr || result.stdout}`)
}

/**
 * A PostgreSQL cluster of the test's own, on a free port in a temporary directory, that the test
 * may stop and start at will: outages are rehearsed without touching the machine's shared server.
 */
export async function createThrowawayCluster(): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-cluster-'))
  chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()))
  const data = path.join(dir, 'data')
  asPostgres([path.join(BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => { asPostgres([path.join(BIN, 'pg_ctl'), '-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']); },
    stop: () => { asPostgres([path.join(BIN, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']); },
    destroy: () => {
      spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `${path.join(BIN, 'pg_ctl')} -D '${data}' -m immediate -w stop`])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

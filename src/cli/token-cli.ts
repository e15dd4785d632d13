import { fatalMessage } from './fatal-message.js'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import type { Db } from '../db/database.js'
import { databaseTargetFromConfig, openDatabase } from '../db/open-database.js'
import { roles, type Role } from '../db/tables/api-tokens.js'
import { issueToken, listTokens, OPERATOR, revokeToken, type TokenRow } from '../domain/tokens/tokens.service.js'

const USAGE = `Usage:
  npm run token -- create --role <${roles.join('|')}> --name <name>
  npm run token -- list [--all]
  npm run token -- revoke <id-or-prefix>

Works on the configured database (DATABASE_URL, or the embedded one in DATA_DIR; stop the
server first when it is the embedded one: only one process at a time may use it).`

type Command =
  | { kind: 'create'; role: Role; name: string }
  | { kind: 'list'; all: boolean }
  | { kind: 'revoke'; idOrPrefix: string }
  | { kind: 'help' }

/** A mistake in how the command was typed: answered with the usage and exit code 2. */
class UsageError extends Error {}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value)
}

/** Reads the command line without touching the database, so a typo costs nothing. */
function parseCommand(argv: string[]): Command {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        all: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    // parseArgs reports unknown options and missing option values as TypeErrors with a clear message.
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (values.help) return { kind: 'help' }
  const [command, ...rest] = positionals
  const refuseOptions = (allowed: string[]) => {
    const extra = Object.keys(values).filter((key) => !allowed.includes(key))
    if (extra.length > 0) throw new UsageError(`${command ?? ''} does not take ${extra.map((key) => `--${key}`).join(', ')}`)
  }
  switch (command) {
    case 'create': {
      refuseOptions(['role', 'name'])
      if (rest.length > 0) throw new UsageError(`create takes no arguments besides --role and --name (got ${rest.join(' ')})`)
      if (values.role === undefined) throw new UsageError('create needs --role')
      if (!isRole(values.role)) throw new UsageError(`--role must be one of ${roles.join(', ')} (got ${values.role})`)
      if (values.name === undefined) throw new UsageError('create needs --name, to tell the token apart later')
      return { kind: 'create', role: values.role, name: values.name }
    }
    case 'list':
      refuseOptions(['all'])
      if (rest.length > 0) throw new UsageError(`list takes no arguments (got ${rest.join(' ')})`)
      return { kind: 'list', all: values.all ?? false }
    case 'revoke': {
      refuseOptions([])
      const [idOrPrefix, ...more] = rest
      if (idOrPrefix === undefined || more.length > 0) throw new UsageError('revoke takes exactly one token id or prefix')
      return { kind: 'revoke', idOrPrefix }
    }
    case undefined:
      throw new UsageError('no command given')
    default:
      throw new UsageError(`unknown command: ${command}`)
  }
}

const when = (date: Date | null, otherwise: string) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')}Z` : otherwise)

/** A plain text table: the secret is not in a TokenRow, so it cannot end up here. */
function formatTokenTable(rows: TokenRow[]): string {
  const header = ['id', 'prefix', 'role', 'name', 'created', 'last used', 'revoked']
  const lines = rows.map((row) => [row.id, row.prefix, row.role, row.name, when(row.createdAt, ''), when(row.lastUsedAt, 'never'), when(row.revokedAt, '-')])
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)))
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n')
}

async function run(db: Db, command: Exclude<Command, { kind: 'help' }>): Promise<void> {
  switch (command.kind) {
    case 'create': {
      const { token, record } = await issueToken(db, OPERATOR, { name: command.name, role: command.role })
      console.log(`Created token ${record.id} (role ${record.role}, name "${record.name}"):

  ${token}

Copy it now: it will NOT be shown again (only a hash of it is stored).
Send it as: Authorization: Bearer <token>. Revoke it with: npm run token -- revoke ${record.prefix}`)
      return
    }
    case 'list': {
      const rows = await listTokens(db, command.all)
      if (rows.length === 0) {
        console.log(command.all ? 'No tokens.' : 'No active tokens (--all includes revoked ones).')
        return
      }
      console.log(formatTokenTable(rows))
      return
    }
    case 'revoke': {
      const record = await revokeToken(db, OPERATOR, command.idOrPrefix)
      console.log(`Revoked token ${record.id} (${record.prefix}, role ${record.role}, name "${record.name}"); it stops working on the next request.`)
      return
    }
  }
}

/**
 * `npm run token -- create|list|revoke`: manages API tokens in the configured database, as the
 * operator at the terminal (recorded so in the audit log). Exit codes: 0 done, 1 refused or
 * failed, 2 bad usage.
 */
async function main(): Promise<void> {
  let command: Command
  try {
    command = parseCommand(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`${error.message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (command.kind === 'help') {
    console.log(USAGE)
    return
  }
  const config = loadConfig()
  const database = await openDatabase(databaseTargetFromConfig(config), (error) => {
    console.error('database pool error:', error.message)
  })
  try {
    await database.migrate()
    await run(database.db, command)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  // A refused operation (bad input, unknown token) or configuration is the user's to fix: no stack.
  console.error(fatalMessage(error))
  process.exitCode = 1
})

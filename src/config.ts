import { z } from 'zod'

/** Environment flags: accept the usual spellings, refuse anything ambiguous. */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const origins = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ }).or(z.literal('*'))))

const idList = z
  .string()
  .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.uuid()))

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  // Longest one SQL statement may run before PostgreSQL cancels it.
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  // Off behind a connection pooler that cannot keep prepared statements per client.
  DATABASE_PREPARED_STATEMENTS: flag.default(true),
  // How PostgreSQL plans Masthead's prepared statements (see src/db/postgres-database.ts).
  DATABASE_PLAN_CACHE_MODE: z.enum(['force_generic_plan', 'auto', 'force_custom_plan']).default('force_generic_plan'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: origins.default([]),
  GRAPHIQL: flag.default(true),
  // Demo content goes into the embedded database when it is empty; into a DATABASE_URL
  // database only when asked, so a real newsroom database is never filled with demo stories.
  SEED_DEMO_CONTENT: flag.optional(),

  // HTTP caching of public responses (seconds). Responses made with a token are never shared.
  CACHE_MAX_AGE: z.coerce.number().int().min(0).default(30),
  CACHE_S_MAXAGE: z.coerce.number().int().min(0).default(300),
  CACHE_STALE_WHILE_REVALIDATE: z.coerce.number().int().min(0).default(60),
  CACHE_STALE_IF_ERROR: z.coerce.number().int().min(0).default(86_400),

  // In-memory cache of public responses, purged by surrogate key when writes commit.
  RESPONSE_CACHE: flag.default(true),
  RESPONSE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).default(256),

  // Public queries whose every field has an SQL projection are answered by one statement that
  // builds the JSON (src/graphql/compiled/); off, every query goes through the resolvers.
  GRAPHQL_COMPILED_READS: flag.default(true),

  // Abuse limits.
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(104_857_600).default(1_048_576),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(20_000),
  RATE_LIMIT_ENABLED: flag.default(true),
  // Requests per window, per token (or per client address for the public).
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // Token ids (from `npm run token -- list`) that are never rate limited, e.g. your own frontend's.
  RATE_LIMIT_TRUSTED_TOKEN_IDS: idList.default([]),

  // Bounded resources. An overloaded instance answers 503 OVERLOADED (with Retry-After) at once
  // instead of queueing work it cannot finish in time; /healthz is never shed.
  LOAD_SHEDDING: flag.default(true),
  // Mean event-loop delay over one sample above which requests are shed (0 turns this check off).
  LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(500),
  // V8 heap in use; unset means 90% of the heap limit Node runs with (0 turns this check off).
  LOAD_SHED_MAX_HEAP_MB: z.coerce.number().int().min(0).optional(),
  // Resident memory; off by default since only the operator knows the container's limit.
  LOAD_SHED_MAX_RSS_MB: z.coerce.number().int().min(0).default(0),
  LOAD_SHED_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  // V8 grows its heap to up to 4 times the live data when allocation is fast, and keeps it: at
  // 600 req/s the old space settles near 140 MiB for 40 MB live, and creeps for minutes. A fixed
  // factor (1 + percent/100) keeps resident memory near live data; 0 leaves V8's own heuristics.
  V8_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(100),
  // Longest a client may take to send a whole request (slow senders hold sockets and memory).
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  // A socket with no traffic for this long is closed (0: never).
  CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(120_000),
  // On SIGTERM, how long the process may take to finish requests and webhook sends before it
  // exits anyway (with code 1). Keep it under the orchestrator's kill grace period.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(25_000),

  // 32 random bytes (`openssl rand -base64 32`, or 64 hex digits) that encrypt webhook signing
  // secrets at rest. The embedded database keeps one in DATA_DIR when this is unset.
  SECRETS_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, 'must be 32 bytes, base64 (openssl rand -base64 32) or 64 hex digits')
    .optional(),

  // Webhooks.
  WEBHOOK_DELIVERY: flag.default(true),
  // Endpoints on private, loopback or link-local addresses are refused unless this is set.
  WEBHOOK_ALLOW_PRIVATE_URLS: flag.default(false),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  // First retry delay; each later one doubles (with jitter), capped at six hours.
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
})

export type Config = z.infer<typeof configSchema>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** The only place that reads process.env. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = configSchema.safeParse(present)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
  }
  return result.data
}

import { z } from 'zod';

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value && value.length > 0 ? value : undefined));

// Unset or empty: undefined; anything else must read as a number.
const optionalNumber = optionalSecret.transform((value) => (value === undefined ? undefined : Number(value)));

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

// Unset, empty, 0 and false read as false, as CI tools and shells write them.
const flag = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? undefined : !['', '0', 'false', 'no'].includes(value.trim().toLowerCase())));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => (value && value.length > 0 ? value : undefined))
    .pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// URL' }).optional()),
  // Streaming standbys of DATABASE_URL's server: the analyst pages' and chart routes' reads go to them (db/client.ts).
  DATABASE_REPLICA_URLS: commaList.pipe(
    z.array(z.url({ protocol: /^postgres(ql)?$/, error: 'each of DATABASE_REPLICA_URLS must be a postgres:// URL' })),
  ),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  CORS_ORIGINS: commaList,
  ADMIN_TOKEN: optionalSecret.pipe(
    z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  ),
  CRON_SECRET: optionalSecret.pipe(
    z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
  ),
  // Bearer token of /api/metrics; unset, the route answers 404.
  METRICS_TOKEN: optionalSecret.pipe(
    z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  ),
  SESSION_SECRET: optionalSecret.pipe(
    z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  ),
  SOUNDCHARTS_API_URL: z.url().default('https://customer.api.soundcharts.com'),
  SOUNDCHARTS_APP_ID: optionalSecret,
  SOUNDCHARTS_API_KEY: optionalSecret,
  SOUNDCHARTS_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  SOUNDCHARTS_QUOTA_FLOOR: z.coerce.number().int().nonnegative().default(100),
  // /api/health says degraded when the newest stored day of every series is older than this.
  HEALTH_MAX_DATA_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(3),
  AUDIENCE_HISTORY_DAYS: z.coerce.number().int().positive().max(3650).default(365),
  // Platforms the scheduler keeps fresh for every track, besides any other pair fetched before
  // (see lib/ingest-selection.ts).
  INGEST_DEFAULT_PLATFORMS: commaList
    .pipe(z.array(z.string().regex(/^[a-z0-9_]+$/, 'must be platform slugs')))
    .transform((slugs) => (slugs.length > 0 ? slugs : ['spotify'])),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // How long an ingest run holds its pair's lock without renewing it (renewed every third of it):
  // a run whose process died is taken over once this has passed.
  INGEST_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  // SoundCharts' per-minute rate limit, shared by every process through the database
  // (lib/soundcharts/call-slots.ts). Unset: calls are not paced; a 429 still pauses every process.
  SOUNDCHARTS_RATE_LIMIT_PER_MINUTE: optionalNumber.pipe(z.number().int().min(1).max(100_000).optional()),
  // npm run worker: how long it sleeps when no pair is stale, and how long SIGTERM waits for the
  // pairs in flight before releasing them to other workers.
  WORKER_IDLE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
  // Retention (npm run db:prune, and the cron route once a day). Unset: audience points are kept forever.
  AUDIENCE_RETENTION_DAYS: optionalNumber.pipe(z.number().int().min(1).max(36_500).optional()),
  // Ingest runs older than this are removed; failed ones are kept twice as long.
  INGEST_RUNS_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  // Leaves headroom under the cron function's 60 s limit for the pairs still in flight.
  CRON_BUDGET_MS: z.coerce.number().int().min(1_000).max(800_000).default(45_000),
  // Refresh and add-track spend SoundCharts quota; these cap them per admin and per track within
  // one window (lib/rate-limit.ts), counted in the database so that every instance shares them.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  RATE_LIMIT_REFRESH_PER_ADMIN: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_REFRESH_PER_TRACK: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_ADD_TRACK_PER_ADMIN: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_ADD_TRACK_PER_TRACK: z.coerce.number().int().min(1).default(5),
  // Most points a line of the track page's chart draws; a longer range is down-sampled (lib/chart/long-range.ts).
  TRACK_CHART_POINTS: z.coerce.number().int().min(2).max(100_000).default(400),
  // Changes made on the admin page (platform edits, track removals) per admin and window.
  RATE_LIMIT_ADMIN_EDITS_PER_ADMIN: z.coerce.number().int().min(1).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: readable lines on a terminal in development, JSON everywhere else (lib/logger.ts).
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  // Unset: each line written before the call returns on serverless platforms, batched elsewhere.
  LOG_SYNC: flag,
  // Set by the platforms themselves, read to tell a serverless instance (frozen between requests).
  VERCEL: flag,
  AWS_LAMBDA_FUNCTION_NAME: optionalSecret,
  CI: flag,
  // The common sign that output goes to a person's terminal through a pipe: `next dev` sets it for
  // its server process when it runs at a terminal, then relays that process's output.
  FORCE_COLOR: flag,
}).refine((parsed) => parsed.DATABASE_REPLICA_URLS.length === 0 || parsed.DATABASE_URL !== undefined, {
  path: ['DATABASE_REPLICA_URLS'],
  message: 'replicas need DATABASE_URL, the primary they follow (the embedded database has none)',
});

export type Env = z.infer<typeof envSchema>;

/** Every variable read here: .env.example must list each (test/env-example.test.ts). */
export const envVariableNames: readonly string[] = Object.keys(envSchema.shape);

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const { AUDIENCE_RETENTION_DAYS: retention, AUDIENCE_HISTORY_DAYS: history } = parsed.data;
  // Ingestion would fetch again, every day, the days the prune had just removed.
  if (retention !== undefined && retention < history) {
    throw new Error(`Invalid environment: AUDIENCE_RETENTION_DAYS (${retention}) must be at least AUDIENCE_HISTORY_DAYS (${history})`);
  }
  return parsed.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// First: the .env files must be in process.env before any module reads it.
import './load-env';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { closeDatabase } from '@/db/client';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { runWorker } from '@/lib/ingest/worker';
import { logger } from '@/lib/logger';
import { runDailyPrune } from '@/lib/operations/daily-prune';
import { retentionSettingsFromEnv } from '@/lib/operations/prune';

// npm run worker: keeps every pair fresh until SIGTERM or SIGINT, then exits 0 once its pairs are done or released.
const stop = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());

// A self-hosted deployment has no cron caller: an idle worker runs the daily prune, a minute at a time.
const PRUNE_SLICE_MS = 60_000;

try {
  const deps = await defaultIngestDeps();
  await runWorker(deps, {
    workerId: `worker:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    concurrency: env().INGEST_CONCURRENCY,
    defaultPlatformSlugs: env().INGEST_DEFAULT_PLATFORMS,
    idleMs: env().WORKER_IDLE_MS,
    shutdownGraceMs: env().WORKER_SHUTDOWN_GRACE_MS,
    stop: stop.signal,
    onIdle: async () => {
      await runDailyPrune(deps.db, retentionSettingsFromEnv(), { deadline: Date.now() + PRUNE_SLICE_MS, stop: stop.signal });
    },
  });
  await closeDatabase();
  logger().flush();
  // A fetch released after the grace period may still hold the event loop open.
  process.exit(0);
} catch (error) {
  logger().fatal({ err: error }, 'worker failed');
  logger().flush();
  process.exit(1);
}

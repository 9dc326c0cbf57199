import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { getDb } from '@/db/client';
import type { Database } from '@/db/client';
import type { IngestDeps } from './processor';
import { cachedUntilFailure } from '@/lib/cached-until-failure';
import type { Slot } from '@/lib/cached-until-failure';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { SoundchartsClient, soundchartsConfigFromEnv } from '@/lib/soundcharts/client';
import type { SharedLimits, SoundchartsConfig } from '@/lib/soundcharts/client';
import { readQuota, recordQuota } from '@/lib/soundcharts/quota';
import { callSpacingMs, pauseCalls, pauseLeftMs, reserveCallSlot } from '@/lib/soundcharts/call-slots';

/**
 * The per-minute limit, its 429 pauses and the quota, kept in the database so that every process
 * calling SoundCharts with one app id (workers, cron calls, refreshes) keeps to them together.
 */
export function sharedLimitsFor(database: () => Promise<Database>, appId: string, perMinute: number | undefined): SharedLimits {
  const spacingMs = callSpacingMs(perMinute);
  return {
    waitForSlot: async (maxWaitMs) => {
      for (;;) {
        const pausedMs = await pauseLeftMs(await database(), appId);
        if (pausedMs > maxWaitMs) return pausedMs;
        const waitMs = await reserveCallSlot(await database(), appId, spacingMs);
        if (waitMs <= 0) return undefined;
        await sleep(waitMs);
        // A 429 came while this process slept: its slot is void, and it queues again behind the pause
        // (waking together at the pause's end, the processes that had slots would call all at once).
        if ((await pauseLeftMs(await database(), appId)) <= 0) return undefined;
      }
    },
    pause: async (waitMs) => {
      try {
        await pauseCalls(await database(), appId, waitMs);
      } catch (error) {
        logger().warn({ err: error }, 'could not share the SoundCharts rate-limit pause');
      }
    },
    latestQuota: async () => readQuota(await database(), appId),
  };
}

/**
 * A client that starts from the quota reading another process left in the database, and leaves its
 * own there (in the database open at the time: tests and the dev server reopen it). A failure to
 * record is logged, not thrown: the call it came with has been paid for.
 */
export async function soundchartsClientFor(database: () => Promise<Database>, config: SoundchartsConfig): Promise<SoundchartsClient> {
  return new SoundchartsClient({
    shared: sharedLimitsFor(database, config.appId, env().SOUNDCHARTS_RATE_LIMIT_PER_MINUTE),
    ...config,
    quota: await readQuota(await database(), config.appId),
    onQuota: async (reading) => {
      try {
        await recordQuota(await database(), config.appId, reading);
      } catch (error) {
        logger().warn({ err: error }, 'could not record the SoundCharts quota reading');
      }
    },
  });
}

// One client per process: it remembers the quota SoundCharts last reported.
const holder = globalThis as typeof globalThis & { __audienceSoundcharts?: Slot<SoundchartsClient> };
const client = (holder.__audienceSoundcharts ??= {});

/** The processor's dependencies for the app, the cron and the command line: the configured database and SoundCharts. */
export async function defaultIngestDeps(): Promise<IngestDeps> {
  return {
    db: await getDb(),
    client: await cachedUntilFailure(client, () => soundchartsClientFor(getDb, soundchartsConfigFromEnv())),
    historyDays: env().AUDIENCE_HISTORY_DAYS,
    leaseMs: env().INGEST_LEASE_MS,
  };
}

import 'server-only';
import { getDb } from '@/db/client';
import type { IngestDeps } from './audience-processor';
import { env } from './env';
import { SoundchartsClient, soundchartsConfigFromEnv } from './soundcharts-client';

// One client per process: it remembers the quota SoundCharts last reported.
const holder = globalThis as typeof globalThis & { __audienceSoundcharts?: SoundchartsClient };

/** The processor's dependencies for the app, the cron and the command line: the configured database and SoundCharts. */
export async function defaultIngestDeps(): Promise<IngestDeps> {
  holder.__audienceSoundcharts ??= new SoundchartsClient(soundchartsConfigFromEnv());
  return {
    db: await getDb(),
    client: holder.__audienceSoundcharts,
    historyDays: env().AUDIENCE_HISTORY_DAYS,
    leaseMs: env().INGEST_LEASE_MS,
  };
}

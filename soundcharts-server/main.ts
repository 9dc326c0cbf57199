import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isoDateSchema } from '@/lib/dates';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { describeIssues } from '@/lib/validation';
import { startSoundchartsServer } from './server';

const usage = `Usage: npm run soundcharts-server -- [--port 4010] [--host 127.0.0.1] [--tracks 24] [--quota 100000] [--today YYYY-MM-DD]
       [--documented-platforms-only] [--max-period-days 90] [--rate-per-minute 1000]
Runs the SoundCharts-compatible server over the demo catalogue and its song with several versions (credentials: x-app-id soundcharts, x-api-key soundcharts).
--documented-platforms-only refuses audience for Apple Music and Deezer with a 400, as SoundCharts' docs have it.
--max-period-days refuses longer audience periods with a 400, as deployments before 2025-11-14 did.
--rate-per-minute answers the rate limit's 429 (with x-ratelimit-reset) past that many requests in a clock minute.`;

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  tracks: z.coerce.number().int().min(0).max(100_000).default(24),
  quota: z.coerce.number().int().min(0).default(100_000),
  today: isoDateSchema.optional(),
  'documented-platforms-only': z.boolean().default(false),
  'max-period-days': z.coerce.number().int().min(1).optional(),
  'rate-per-minute': z.coerce.number().int().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      tracks: { type: 'string' },
      quota: { type: 'string' },
      today: { type: 'string' },
      'documented-platforms-only': { type: 'boolean' },
      'max-period-days': { type: 'string' },
      'rate-per-minute': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`${describeIssues(parsed.error)}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  const {
    tracks,
    'documented-platforms-only': documentedPlatformsOnly,
    'max-period-days': maxPeriodDays,
    'rate-per-minute': ratePerMinute,
    ...options
  } = parsed.data;
  const server = await startSoundchartsServer({
    ...options,
    documentedPlatformsOnly,
    maxPeriodDays,
    ratePerMinute,
    catalogue: demoCatalogue({ trackCount: tracks, versionedSong: true }),
  });
  console.log(server.url);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

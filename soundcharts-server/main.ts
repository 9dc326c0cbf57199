import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isoDateSchema } from '@/lib/dates';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { describeIssues } from '@/lib/validation';
import { startSoundchartsServer } from './server';

const usage = `Usage: npm run soundcharts-server -- [--port 4010] [--host 127.0.0.1] [--tracks 24] [--quota 100000] [--today YYYY-MM-DD]
       [--documented-platforms-only]
Runs the SoundCharts-compatible server over the demo catalogue and its song with several versions (credentials: x-app-id soundcharts, x-api-key soundcharts).
--documented-platforms-only refuses audience for Apple Music and Deezer with a 400, as SoundCharts' docs have it.`;

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  tracks: z.coerce.number().int().min(0).max(100_000).default(24),
  quota: z.coerce.number().int().min(0).default(100_000),
  today: isoDateSchema.optional(),
  'documented-platforms-only': z.boolean().default(false),
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
  const { tracks, 'documented-platforms-only': documentedPlatformsOnly, ...options } = parsed.data;
  const server = await startSoundchartsServer({ ...options, documentedPlatformsOnly, catalogue: demoCatalogue({ trackCount: tracks, versionedSong: true }) });
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

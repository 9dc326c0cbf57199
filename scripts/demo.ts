// First: the .env files must be in process.env before any module reads it.
import './load-production-env';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { closeDatabase, configuredTarget, migratePostgres } from '@/db/client';
import { tracks } from '@/db/schema';
import { bulkProcessAudienceData } from '@/lib/ingest/processor';
import { daysBetween, todayUtc } from '@/lib/dates';
import { DEMO_HISTORY_START, demoCatalogue } from '@/lib/demo/catalogue';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { importTrack } from '@/lib/ingest/track-import';
import { startSoundchartsServer } from '@/soundcharts-server/server';
import { ensureBuild } from './next-build';

const port = Number(process.env.PORT ?? 3000);
const distDir = process.env.NEXT_DIST_DIR || '.next';
// The import logs a line per series; the progress line says enough. The app keeps the level asked for.
const appLogLevel = process.env.LOG_LEVEL;
process.env.LOG_LEVEL ??= 'warn';

ensureBuild(distDir);

// Without SoundCharts credentials the demo runs the project's SoundCharts-compatible server, so the
// catalogue arrives through the same client, processor and upserts as real data does.
const catalogue = demoCatalogue({ versionedSong: true });
if (!process.env.SOUNDCHARTS_APP_ID || !process.env.SOUNDCHARTS_API_KEY) {
  // A fixed port keeps the cover image URLs stored in the database valid across demo runs.
  const soundcharts = await startSoundchartsServer({ catalogue, port: Number(process.env.SOUNDCHARTS_DEMO_PORT ?? 4010) });
  Object.assign(process.env, {
    SOUNDCHARTS_API_URL: soundcharts.url,
    SOUNDCHARTS_APP_ID: 'soundcharts',
    SOUNDCHARTS_API_KEY: 'soundcharts',
  });
  console.log(`SoundCharts-compatible demo server at ${soundcharts.url}`);
}

const target = configuredTarget();
if (target.kind === 'postgres') await migratePostgres(target);
const deps = await defaultIngestDeps();
const [{ value: existing } = { value: 0 }] = await deps.db.select({ value: count() }).from(tracks);
if (existing === 0) {
  console.log(`Importing ${catalogue.length} tracks and their audience from SoundCharts...`);
  for (const track of catalogue) await importTrack(deps, track.uuid);
  const pairs = catalogue.flatMap((track) => track.platforms.map((platformSlug) => ({ trackUuid: track.uuid, platformSlug })));
  const historyDays = daysBetween(DEMO_HISTORY_START, todayUtc()) + 1;
  const { totals } = await bulkProcessAudienceData({ ...deps, historyDays }, pairs, {
    forceRefresh: true,
    trigger: 'demo',
    onOutcome: (_outcome, done, total) => {
      if (done % 10 === 0 || done === total) process.stdout.write(`\r  ${done}/${total} track-platform series`);
    },
  });
  console.log(`\nStored ${totals.recordsCreated.toLocaleString('en-US')} daily points; ${totals.failed} series failed.`);
} else {
  console.log(`The database already holds ${existing} tracks; keeping them.`);
}
await closeDatabase();

const adminToken = process.env.ADMIN_TOKEN || randomBytes(18).toString('base64url');
const appEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production', ADMIN_TOKEN: adminToken };
if (appLogLevel === undefined) delete appEnv.LOG_LEVEL;
else appEnv.LOG_LEVEL = appLogLevel;
// The app runs as in production, where logs are JSON; a person watching the demo gets readable lines.
if (process.stdout.isTTY && !process.env.LOG_FORMAT) appEnv.LOG_FORMAT = 'pretty';
const app = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)], {
  stdio: 'inherit',
  env: appEnv,
});
console.log(`\nAudience is running at http://localhost:${port}`);
console.log(`Try: curl 'http://localhost:${port}/soundcharts/audience/chart/7d534228-5165-11e9-9375-549f35161576/spotify/?limit=3'`);
if (!process.env.ADMIN_TOKEN) console.log(`Admin token for this run (sign in at /sign-in): ${adminToken}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('exit', (code) => process.exit(code ?? 0));

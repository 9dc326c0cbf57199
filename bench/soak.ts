// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import type { Database } from '@/db/client';
import { ingestRuns, trackAudienceTimeSeries } from '@/db/schema';
import { bulkProcessAudienceData } from '@/lib/ingest/processor';
import type { TrackPlatformPair } from '@/lib/ingest/processor';
import { addDays, todayUtc } from '@/lib/dates';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { seededRandom } from '@/lib/demo/seeded-random';
import { SoundchartsClient } from '@/lib/soundcharts/client';
import { startSoundchartsServer } from '@/soundcharts-server/server';
import { ensureBuild } from '@/scripts/next-build';
import { formatTable } from '@/scripts/text-table';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { launchNextServer } from '@/scripts/server-process';
import { drive, quantile } from './load-test';

/**
 * The soak: mixed chart reads at 64 connections against the production server on a real
 * PostgreSQL, for minutes, while forced refreshes of every pair write through the processor from
 * the shipped SoundCharts server (rounds over every pair; the round in progress when the reads end
 * is finished). Passes when no read and no refresh failed, and the rows at the end are exactly
 * those expected; prints p50/p99 and the server's memory at start and end.
 */

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    connections: { type: 'string', default: '64' },
    tracks: { type: 'string', default: '40' },
    'ingest-concurrency': { type: 'string', default: '2' },
    'dist-dir': { type: 'string', default: '.next-soak' },
  },
});
const options = z
  .object({
    duration: z.coerce.number().int().min(10),
    connections: z.coerce.number().int().min(1).max(1_000),
    tracks: z.coerce.number().int().min(1).max(5_000),
    'ingest-concurrency': z.coerce.number().int().min(1).max(16),
    'dist-dir': z.string().regex(/^\.next[\w-]*$/, 'a folder named .next or .next-<something>'),
  })
  .parse(values);

// The seed stops short of today, so that the first refreshes add the last days and the row count
// at the end says whether every write landed exactly once.
const SEEDED_DAYS_AGO = 30;
const SAMPLE_EVERY_MS = 10_000;

function rssMb(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

async function count(db: Database, table: typeof trackAudienceTimeSeries | typeof ingestRuns, where = sql`true`): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return Number(row?.n);
}

type ReadResult = { requests: number; perSecond: number; p50Ms: number; p99Ms: number; maxMs: number; failures: number; statuses: Record<string, number> };

/** Chart reads for the whole run; every reply that is not a 200 counts as a failure, by status (0: socket error or timeout). */
async function readFor(url: string, connections: number, durationSeconds: number, nextPath: () => string): Promise<ReadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url,
    connections,
    duration: durationSeconds,
    // Correctness, not speed, is under test: a slow reply on a shared machine is measured, not dropped.
    timeout: 60,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode === 200) latencies.push(responseTimeMs);
  });
  const result = await instance;
  if (result.errors + result.timeouts > 0) statuses['0'] = result.errors + result.timeouts;
  latencies.sort((a, b) => a - b);
  const total = Object.values(statuses).reduce((sum, each) => sum + each, 0);
  return {
    requests: latencies.length,
    perSecond: latencies.length / result.duration,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    failures: total - latencies.length,
    statuses,
  };
}

async function main(): Promise<number> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('bench:soak needs DATABASE_URL (a PostgreSQL server; it creates and drops a database of its own)');
  ensureBuild(options['dist-dir']);

  const today = todayUtc();
  const seedEnd = addDays(today, -SEEDED_DAYS_AGO);
  const catalogue = demoCatalogue({ trackCount: options.tracks });
  const pairs: TrackPlatformPair[] = catalogue.flatMap((track) => track.platforms.map((platformSlug) => ({ trackUuid: track.uuid, platformSlug })));
  // What must be stored at the end: the seeded history, and the year each refresh fetches.
  const windowStart = addDays(today, -364);
  const expectedRows = catalogue.reduce((sum, track) => {
    return (
      sum +
      track.platforms.reduce((inTrack, slug) => {
        const dates = new Set(demoSeries(track, slug, seedEnd).map((point) => point.date));
        for (const point of demoSeries(track, slug, today)) if (point.date >= windowStart) dates.add(point.date);
        return inTrack + dates.size;
      }, 0)
    );
  }, 0);

  const database = await createFreshPostgres(serverUrl);
  const handle = await openDatabase({ kind: 'postgres', url: database.url, max: 4 });
  const soundcharts = await startSoundchartsServer({ catalogue, quota: 100_000_000 });
  let server: Awaited<ReturnType<typeof launchNextServer>> | undefined;
  try {
    const seeded = await seedDemoCatalogue(handle.db, { trackCount: options.tracks, endDate: seedEnd });
    console.log(`Seeded ${seeded.tracks} tracks, ${seeded.points} points up to ${seedEnd}; ${pairs.length} pairs; expecting ${expectedRows} rows at the end.`);
    server = await launchNextServer(options['dist-dir'], { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    const pid = server.process.pid ?? 0;

    const random = seededRandom('soak');
    const paths: string[] = [];
    for (const track of catalogue) {
      const [first, second] = track.platforms;
      paths.push(
        `/soundcharts/audience/chart/${track.uuid}/${first}/?limit=365`,
        `/soundcharts/audience/chart/${track.uuid}/${first}/?start_date=${addDays(today, -90)}&end_date=${today}`,
        `/soundcharts/audience/chart/${track.uuid}/?limit=30`,
        `/soundcharts/audience/chart/${track.uuid}/?platforms=${[first, second].filter(Boolean).join(',')}&limit=365`,
        `/soundcharts/audience/chart/${track.uuid}/${second ?? first}`,
      );
    }
    const nextPath = (): string => paths[Math.floor(random.next() * paths.length)] as string;

    // Warm the server up, then measure from a settled start.
    await drive({ url: server.url, connections: 8, durationSeconds: 5, nextPath });
    const rssStart = rssMb(pid);
    const samples: number[] = [rssStart];
    const sampler = setInterval(() => samples.push(rssMb(pid)), SAMPLE_EVERY_MS);

    const client = new SoundchartsClient({
      baseUrl: soundcharts.url,
      appId: 'soundcharts',
      apiKey: 'soundcharts',
      timeoutMs: 30_000,
      quotaFloor: 0,
      maxRetries: 2,
      baseDelayMs: 50,
      maxDelayMs: 500,
    });
    const deps = { db: handle.db, client, historyDays: 365 };
    const ingest = { rounds: 0, refreshes: 0, failed: 0, created: 0, updated: 0, failures: [] as string[] };
    let reading = true;
    const writer = (async () => {
      while (reading) {
        const { results, totals } = await bulkProcessAudienceData(deps, pairs, {
          fullHistory: true,
          concurrency: options['ingest-concurrency'],
          trigger: 'cli',
        });
        ingest.rounds += 1;
        ingest.refreshes += totals.succeeded;
        ingest.failed += totals.failed;
        ingest.created += totals.recordsCreated;
        ingest.updated += totals.recordsUpdated;
        for (const result of results) if (result.status === 'failed') ingest.failures.push(`${result.trackUuid} ${result.platformSlug}: ${result.error}`);
        if (!reading) break;
      }
    })();

    console.log(`Reading at ${options.connections} connections for ${options.duration} s while refreshes write...`);
    const reads = await readFor(server.url, options.connections, options.duration, nextPath);
    reading = false;
    // The round in progress is finished, so that every pair was refreshed at least once.
    await writer;
    clearInterval(sampler);
    const rssEnd = rssMb(pid);
    samples.push(rssEnd);

    const rows = await count(handle.db, trackAudienceTimeSeries);
    const distinct = Number(
      (
        await handle.db
          .select({ n: sql<number>`count(distinct (${trackAudienceTimeSeries.trackId}, ${trackAudienceTimeSeries.platformId}, ${trackAudienceTimeSeries.date}))::int` })
          .from(trackAudienceTimeSeries)
      )[0]?.n,
    );
    const succeededRuns = await count(handle.db, ingestRuns, sql`${ingestRuns.status} = 'succeeded'`);
    const otherRuns = await count(handle.db, ingestRuns, sql`${ingestRuns.status} <> 'succeeded'`);

    const checks: Array<[string, string, boolean]> = [
      ['read errors (not 200, socket errors, timeouts)', `${reads.failures} ${JSON.stringify(reads.statuses)}`, reads.failures === 0],
      ['refreshes failed', String(ingest.failed), ingest.failed === 0],
      ['rows stored / expected', `${rows} / ${expectedRows}`, rows === expectedRows],
      ['distinct (track, platform, date) / rows', `${distinct} / ${rows}`, distinct === rows],
      ['rows created by the refreshes / expected', `${ingest.created} / ${expectedRows - seeded.points}`, ingest.created === expectedRows - seeded.points],
      ['runs succeeded / refreshes', `${succeededRuns} / ${ingest.refreshes}`, succeededRuns === ingest.refreshes],
      ['runs not succeeded (failed, running, skipped)', String(otherRuns), otherRuns === 0],
    ];
    console.log(
      `\n${formatTable(
        ['measure', 'value'],
        [
          ['duration', `${options.duration} s`],
          ['reads', `${reads.requests} (${reads.perSecond.toFixed(0)}/s at ${options.connections} connections)`],
          ['read latency p50 / p99 / max', `${reads.p50Ms.toFixed(1)} ms / ${reads.p99Ms.toFixed(1)} ms / ${reads.maxMs.toFixed(0)} ms`],
          ['refresh rounds / pair refreshes', `${ingest.rounds} / ${ingest.refreshes}`],
          ['rows written by refreshes (created / updated)', `${ingest.created} / ${ingest.updated}`],
          ['server RSS start / end / max', `${rssStart} MB / ${rssEnd} MB / ${Math.max(...samples)} MB`],
          ['server RSS every 10 s (MB)', samples.join(' ')],
        ],
      )}\n\n${formatTable(['check', 'value', 'ok'], checks.map(([name, value, ok]) => [name, value, ok ? 'yes' : 'NO']))}`,
    );
    for (const failure of ingest.failures.slice(0, 10)) console.log(`refresh failed: ${failure}`);
    const passed = checks.every(([, , ok]) => ok);
    console.log(passed ? '\nSoak passed.' : '\nSoak FAILED.');
    return passed ? 0 : 1;
  } finally {
    await server?.close();
    await soundcharts.close();
    await handle.close();
    await database.drop();
  }
}

process.env.LOG_LEVEL ||= 'silent';
process.exitCode = await main();

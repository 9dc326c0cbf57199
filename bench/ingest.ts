// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { asc } from 'drizzle-orm';
import postgres from 'postgres';
import { z } from 'zod';
import { migratePostgres, openDatabase } from '@/db/client';
import type { Database } from '@/db/client';
import { trackAudienceIdentifierValues, trackAudienceTimeSeries as series } from '@/db/schema';
import { bulkProcessAudienceData } from '@/lib/ingest/processor';
import type { FetchedSeries } from '@/lib/ingest/identifier-plots';
import { storeAudienceSeries } from '@/lib/ingest/store';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { env } from '@/lib/env';
import { importTrack } from '@/lib/ingest/track-import';
import { SoundchartsClient } from '@/lib/soundcharts/client';
import { startSoundchartsServer } from '@/soundcharts-server/server';
import { median } from './load-test';
import { formatTable } from '@/scripts/text-table';

/**
 * The ingestion write path against the physical limit. Ingests a catalogue from the shipped
 * SoundCharts-compatible server into a fresh PostgreSQL database through the real processor, then,
 * several times over, writes the same rows into an emptied table through the processor's upsert
 * (one transaction per series, INGEST_CONCURRENCY series at once) and through one plain COPY into
 * an identical empty table (same columns, defaults, keys, checks, index and foreign keys).
 */

const DATABASE = 'bench_ingest';
const TODAY = '2026-10-31';

// The processor's line per ingest run is not what is measured here, and would bury the figures.
process.env.LOG_LEVEL ||= 'warn';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '80' },
    'platforms-per-track': { type: 'string', default: '5' },
    'history-days': { type: 'string', default: '1095' },
    runs: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: String(env().INGEST_CONCURRENCY) },
  },
});
const options = z
  .object({
    tracks: z.coerce.number().int().min(1).max(5_000),
    'platforms-per-track': z.coerce.number().int().min(1).max(10),
    'history-days': z.coerce.number().int().min(1).max(3_650),
    runs: z.coerce.number().int().min(1).max(50),
    concurrency: z.coerce.number().int().min(1).max(32),
  })
  .parse(values);

const serverUrl = env().DATABASE_URL;
if (!serverUrl) {
  console.error('bench:ingest needs a real PostgreSQL: set DATABASE_URL (postgres://...).');
  process.exit(2);
}

type StoredRow = { date: string; value: number; identifier: string; apiData: unknown };
/** A pair's stored days for COPY, and the same days as the processor hands them to the store. */
type PairRows = { trackId: number; platformId: number; rows: StoredRow[]; fetched: FetchedSeries };

const log = (line: string): void => console.error(line);
const perSecond = (rows: number, ms: number): number => Math.round(rows / (ms / 1000));
const thousands = (value: number): string => value.toLocaleString('en-US');

async function freshDatabase(url: string): Promise<string> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await admin.unsafe(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${DATABASE}`;
  await migratePostgres({ kind: 'postgres', url: target.toString() });
  return target.toString();
}

async function dropDatabase(url: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}

/** The stored series, grouped per pair as the processor writes them. */
async function storedSeries(db: Database): Promise<PairRows[]> {
  const rows = await db.select().from(series).orderBy(asc(series.trackId), asc(series.platformId), asc(series.date));
  const pairs = new Map<string, PairRows>();
  const pairOf = (trackId: number, platformId: number): PairRows => {
    const key = `${trackId}:${platformId}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { trackId, platformId, rows: [], fetched: { days: [], values: [] } };
      pairs.set(key, pair);
    }
    return pair;
  };
  for (const row of rows) {
    const pair = pairOf(row.trackId, row.platformId);
    pair.rows.push({ date: row.date, value: row.audienceValue, identifier: row.platformIdentifier, apiData: row.apiData });
    pair.fetched.days.push({ date: row.date, identifiers: row.platformIdentifier, apiData: row.apiData });
  }
  for (const value of await db.select().from(trackAudienceIdentifierValues)) {
    pairOf(value.trackId, value.platformId).fetched.values.push({ date: value.date, identifier: value.identifier, value: value.value });
  }
  return [...pairs.values()];
}

async function timeUpsert(db: Database, sql: postgres.Sql, pairs: readonly PairRows[], fetchedAt: Date): Promise<number> {
  await sql`truncate track_audience_time_series, track_audience_identifier_values, track_audience_identifiers`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < pairs.length) {
        const pair = pairs[next] as PairRows;
        next += 1;
        await db.transaction((tx) => storeAudienceSeries(tx, pair.trackId, pair.platformId, pair.fetched, fetchedAt));
      }
    }),
  );
  return performance.now() - started;
}

const csvField = (text: string): string => `"${text.replaceAll('"', '""')}"`;

function* csvChunks(pairs: readonly PairRows[], fetchedAt: string): Generator<string> {
  for (const pair of pairs) {
    const prefix = `${pair.trackId},${pair.platformId},`;
    yield pair.rows
      .map((row) => `${prefix}${row.date},${row.value},${csvField(row.identifier)},${fetchedAt},${csvField(JSON.stringify(row.apiData))}\n`)
      .join('');
  }
}

async function timeCopy(sql: postgres.Sql, pairs: readonly PairRows[], fetchedAt: Date): Promise<number> {
  await sql`truncate copy_target`;
  const started = performance.now();
  const writable = await sql`
    copy copy_target (track_id, platform_id, date, audience_value, platform_identifier, fetched_at, api_data)
    from stdin with (format csv)`.writable();
  await pipeline(Readable.from(csvChunks(pairs, fetchedAt.toISOString())), writable);
  return performance.now() - started;
}

const url = await freshDatabase(serverUrl);
const handle = await openDatabase({ kind: 'postgres', url, max: options.concurrency + 1 });
const sql = postgres(url, { max: 1, onnotice: () => {} });
const catalogue = demoCatalogue({ trackCount: options.tracks, platformsPerTrack: options['platforms-per-track'], seed: 'bench-ingest' });
const soundcharts = await startSoundchartsServer({ catalogue, today: TODAY, quota: 10_000_000 });
try {
  const client = new SoundchartsClient({ baseUrl: soundcharts.url, appId: 'soundcharts', apiKey: 'soundcharts', timeoutMs: 30_000, quotaFloor: 0 });
  const deps = { db: handle.db, client, now: () => new Date(`${TODAY}T12:00:00Z`), historyDays: options['history-days'] };
  for (const track of catalogue) await importTrack(deps, track.uuid);
  const pairList = catalogue.flatMap((track) => track.platforms.map((platformSlug) => ({ trackUuid: track.uuid, platformSlug })));

  log(`Ingesting ${catalogue.length} tracks, ${pairList.length} series of up to ${options['history-days']} days, from ${soundcharts.url}...`);
  const ingestStarted = performance.now();
  const ingested = await bulkProcessAudienceData(deps, pairList, { concurrency: options.concurrency, trigger: 'cli' });
  const ingestMs = performance.now() - ingestStarted;
  if (ingested.totals.failed > 0) throw new Error(`${ingested.totals.failed} series failed to ingest`);
  const totalRows = ingested.totals.recordsCreated;
  log(
    `End to end (HTTP, validation, aggregation, upsert, run records): ${thousands(totalRows)} rows in ` +
      `${(ingestMs / 1000).toFixed(1)} s = ${thousands(perSecond(totalRows, ingestMs))} rows/s ` +
      `(${soundcharts.requests.matching('/audience/').length} SoundCharts calls).`,
  );

  const pairs = await storedSeries(handle.db);
  await sql`create table copy_target (like track_audience_time_series including all)`;
  await sql`alter table copy_target add foreign key (track_id) references tracks (id) on delete cascade`;
  await sql`alter table copy_target add foreign key (platform_id) references platforms (id) on delete cascade`;

  const fetchedAt = new Date(`${TODAY}T12:00:00Z`);
  const results: { upsertMs: number; copyMs: number }[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    // Alternating the order keeps either side from always running on a warmer cache.
    const upsertFirst = run % 2 === 1;
    const first = upsertFirst ? await timeUpsert(handle.db, sql, pairs, fetchedAt) : await timeCopy(sql, pairs, fetchedAt);
    const second = upsertFirst ? await timeCopy(sql, pairs, fetchedAt) : await timeUpsert(handle.db, sql, pairs, fetchedAt);
    const result = upsertFirst ? { upsertMs: first, copyMs: second } : { upsertMs: second, copyMs: first };
    results.push(result);
    log(`run ${run}: upsert ${thousands(perSecond(totalRows, result.upsertMs))} rows/s, COPY ${thousands(perSecond(totalRows, result.copyMs))} rows/s`);
  }
  const [{ count: upserted } = { count: '0' }] = await sql<{ count: string }[]>`select count(*) from track_audience_time_series`;
  const [{ count: copied } = { count: '0' }] = await sql<{ count: string }[]>`select count(*) from copy_target`;
  if (Number(upserted) !== totalRows || Number(copied) !== totalRows) {
    throw new Error(`row counts differ: ingested ${totalRows}, upserted ${upserted}, copied ${copied}`);
  }

  const rows = results.map((result, index) => {
    const upsert = perSecond(totalRows, result.upsertMs);
    const copy = perSecond(totalRows, result.copyMs);
    return [String(index + 1), thousands(upsert), thousands(copy), (upsert / copy).toFixed(2)];
  });
  const upsertMedian = median(results.map((result) => perSecond(totalRows, result.upsertMs)));
  const copyMedian = median(results.map((result) => perSecond(totalRows, result.copyMs)));
  // The ratio is taken within a run, where both sides ran back to back on the same machine, then the median.
  const ratioMedian = median(results.map((result) => result.copyMs / result.upsertMs));
  rows.push(['median', thousands(upsertMedian), thousands(copyMedian), ratioMedian.toFixed(2)]);
  console.log(
    `\n${thousands(totalRows)} rows in ${pairs.length} series; upsert: one transaction per series, ${options.concurrency} at once; COPY: one stream.\n`,
  );
  console.log(formatTable(['run', 'upsert rows/s', 'COPY rows/s', 'upsert/COPY'], rows));
  console.log(`\nStore path (upsert) against COPY of identical rows: goal upsert/COPY >= 0.5; median ${ratioMedian.toFixed(2)}.`);
  console.log(
    `End to end (SoundCharts HTTP fetch, validation, aggregation, upsert, run records; ${options.concurrency} pairs at once): ` +
      `${thousands(perSecond(totalRows, ingestMs))} rows/s.`,
  );
} finally {
  await soundcharts.close();
  await sql.end();
  await handle.close();
  await dropDatabase(serverUrl);
}

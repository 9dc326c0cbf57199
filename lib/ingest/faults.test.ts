import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestPairState, ingestRuns, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import type { FaultPlan } from '@/soundcharts-server/faults';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { audienceRequests, startTestSoundcharts, testClient } from '@/test/soundcharts';
import { processAndStoreAudienceData } from './processor';
import type { IngestDeps } from './processor';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { AppError } from '@/lib/errors';
import type { ErrorCode } from '@/lib/errors';
import { importTrack } from './track-import';

const TODAY = '2025-08-31';
const noon = (plusHours: number): Date => new Date(Date.parse(`${TODAY}T12:00:00Z`) + plusHours * 3_600_000);
const catalogue = demoCatalogue({ trackCount: 1, platformsPerTrack: 3 });
const track = catalogue[0] as CatalogueTrack;
const PAGE_SIZE = 25;
const AUDIENCE = '/audience/spotify';

// The first requests of a refresh go through untouched, so that the fault strikes in the middle of
// the series, after some pages were already fetched.
const afterTwoGoodPages: FaultPlan = { kind: 'delay', ms: 0, path: AUDIENCE, times: 2 };

type Case = { name: string; faults: FaultPlan[]; code: ErrorCode; reason: RegExp; retryAfterSeconds?: number };

const cases: Case[] = [
  {
    name: '429 with Retry-After',
    faults: [afterTwoGoodPages, { kind: 'rate_limit', resetSeconds: 1, retryAfter: '120', path: AUDIENCE, times: Number.POSITIVE_INFINITY }],
    code: 'rate_limited',
    reason: /SoundCharts rate limit hit \(audience of song .* page 3\)/,
    retryAfterSeconds: 120,
  },
  {
    name: '500 on every retry',
    faults: [afterTwoGoodPages, { kind: 'status', status: 500, path: AUDIENCE, times: Number.POSITIVE_INFINITY }],
    code: 'upstream_unavailable',
    reason: /SoundCharts failed with HTTP 500 \(audience of song .* page 3\)/,
  },
  {
    name: 'answers slower than the timeout',
    faults: [afterTwoGoodPages, { kind: 'delay', ms: 1_500, path: AUDIENCE, times: Number.POSITIVE_INFINITY }],
    code: 'upstream_timeout',
    reason: /SoundCharts did not answer within 300 ms \(audience of song .* page 3\)/,
  },
  {
    name: 'malformed JSON',
    faults: [afterTwoGoodPages, { kind: 'malformed_json', path: AUDIENCE, times: Number.POSITIVE_INFINITY }],
    code: 'upstream_invalid',
    reason: /SoundCharts sent an invalid response for audience of song .* page 3/,
  },
  {
    name: 'a body cut off halfway',
    faults: [afterTwoGoodPages, { kind: 'truncated_body', path: AUDIENCE, times: Number.POSITIVE_INFINITY }],
    code: 'upstream_unavailable',
    reason: /Could not reach SoundCharts \(audience of song .* page 3\)/,
  },
  {
    name: 'a wrong field type on page 3',
    faults: [{ kind: 'wrong_type', page: 3, item: 7, path: AUDIENCE }],
    code: 'upstream_invalid',
    reason: /items\.7\.plots\.0\.value/,
  },
];

describe.each(testDatabases())('ingestion while SoundCharts misbehaves, on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;

  beforeAll(async () => {
    [handle, server] = await Promise.all([open(), startTestSoundcharts({ today: TODAY, catalogue })]);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate track_audience_time_series, ingest_runs, ingest_pair_state, tracks restart identity cascade`);
    server.faults.clear();
    await importTrack(deps(0), track.uuid);
    server.requests.clear();
  });

  function deps(hours: number): IngestDeps {
    return {
      db: handle.db,
      client: testClient(server, { pageSize: PAGE_SIZE, timeoutMs: 300 }),
      now: () => noon(hours),
      historyDays: 365,
    };
  }

  async function stored() {
    return handle.db
      .select({ date: series.date, value: series.audienceValue, identifier: series.platformIdentifier, fetchedAt: series.fetchedAt, apiData: series.apiData })
      .from(series)
      .innerJoin(tracks, eq(tracks.id, series.trackId))
      .innerJoin(platforms, eq(platforms.id, series.platformId))
      .where(and(eq(tracks.uuid, track.uuid), eq(platforms.slug, 'spotify')))
      .orderBy(asc(series.date));
  }

  it.each(cases)('$name: the stored series is unchanged, the run is recorded failed with the reason, the next run succeeds', async ({ faults, code, reason, retryAfterSeconds }) => {
    const first = await processAndStoreAudienceData(deps(0), track.uuid, 'spotify');
    expect(first.status).toBe('succeeded');
    const before = await stored();
    expect(before.length).toBeGreaterThan(300);
    // Restate one stored value, so that a refresh that stored anything at all would show.
    const restated = before[200];
    if (!restated) throw new Error('no data');
    await handle.db.update(series).set({ audienceValue: restated.value + 1 }).where(eq(series.date, restated.date));
    const tampered = await stored();

    server.requests.clear();
    server.faults.add(...faults);
    const failure = await processAndStoreAudienceData(deps(6), track.uuid, 'spotify', { fullHistory: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code });
    if (retryAfterSeconds !== undefined) expect((failure as AppError).retryAfterSeconds).toBe(retryAfterSeconds);
    // The fault struck after the first pages had been fetched.
    expect(audienceRequests(server).filter((request) => request.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(await stored()).toEqual(tampered);

    const [failed] = await handle.db.select().from(ingestRuns).orderBy(desc(ingestRuns.id)).limit(1);
    expect(failed).toMatchObject({ status: 'failed', errorCode: code, finishedAt: noon(6) });
    expect(failed?.error).toMatch(reason);
    const [state] = await handle.db.select().from(ingestPairState);
    expect(state).toMatchObject({ lastStatus: 'failed', lastSucceededAt: noon(0) });
    const [row] = await handle.db.select({ fetchedAt: tracks.audienceFetchedAt }).from(tracks).where(eq(tracks.uuid, track.uuid));
    expect(row?.fetchedAt).toEqual(noon(0));

    server.faults.clear();
    const next = await processAndStoreAudienceData(deps(7), track.uuid, 'spotify', { fullHistory: true });
    expect(next).toMatchObject({ status: 'succeeded', recordsCreated: 0, recordsUpdated: 1, recordsSkipped: before.length - 1 });
    expect((await stored()).map(({ date, value }) => ({ date, value }))).toEqual(before.map(({ date, value }) => ({ date, value })));
    const statuses = (await handle.db.select({ status: ingestRuns.status }).from(ingestRuns).orderBy(asc(ingestRuns.id))).map((run) => run.status);
    expect(statuses).toEqual(['succeeded', 'failed', 'succeeded']);
    expect((await handle.db.select().from(ingestRuns).where(eq(ingestRuns.status, 'running'))).length).toBe(0);
  });
});

import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestPairState, ingestRuns, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { audienceRequests, billedCalls, startTestSoundcharts, testClient } from '@/test/soundcharts';
import { bulkProcessAudienceData, processAndStoreAudienceData } from './processor';
import type { IngestDeps } from './processor';
import { addDays } from '@/lib/dates';
import { demoCatalogue, demoIdentifiers, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { AppError } from '@/lib/errors';
import type { SoundchartsConfig } from '@/lib/soundcharts/client';
import { importTrack } from './track-import';

const TODAY = '2025-08-31';
const LATER = '2025-09-10';
const noon = (day: string, plusHours = 0): Date => new Date(Date.parse(`${day}T12:00:00Z`) + plusHours * 3_600_000);
const catalogue = demoCatalogue({ trackCount: 3, platformsPerTrack: 3 });
const badGuy = catalogue[0] as CatalogueTrack;
const second = catalogue[1] as CatalogueTrack;
const HISTORY_START = addDays(TODAY, -364);

function expected(track: CatalogueTrack, slug: string, from: string, to: string, today = TODAY) {
  return demoSeries(track, slug, today)
    .filter((point) => point.date >= from && point.date <= to)
    .map((point) => ({ date: point.date, value: point.value }));
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe.each(testDatabases())('audience processor on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  let laterServer: SoundchartsServer;

  beforeAll(async () => {
    [handle, server, laterServer] = await Promise.all([
      open(),
      startTestSoundcharts({ today: TODAY, catalogue }),
      startTestSoundcharts({ today: LATER, catalogue }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close(), laterServer?.close()]);
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate track_audience_time_series, ingest_runs, ingest_pair_state, tracks restart identity cascade`);
    for (const each of [server, laterServer]) {
      each.faults.clear();
      each.requests.clear();
    }
    await importTrack(deps(), badGuy.uuid);
    await importTrack(deps(), second.uuid);
    server.requests.clear();
  });

  function deps(overrides: Partial<IngestDeps> = {}, client: Partial<SoundchartsConfig> = {}, on = server): IngestDeps {
    return { db: handle.db, client: testClient(on, client), now: () => noon(TODAY), historyDays: 365, ...overrides };
  }

  async function stored(track: CatalogueTrack, slug: string) {
    return handle.db
      .select({
        date: series.date,
        value: series.audienceValue,
        identifier: series.platformIdentifier,
        fetchedAt: series.fetchedAt,
        apiData: series.apiData,
      })
      .from(series)
      .innerJoin(tracks, eq(tracks.id, series.trackId))
      .innerJoin(platforms, eq(platforms.id, series.platformId))
      .where(and(eq(tracks.uuid, track.uuid), eq(platforms.slug, slug)))
      .orderBy(asc(series.date));
  }

  async function runs() {
    return handle.db.select().from(ingestRuns).orderBy(asc(ingestRuns.id));
  }

  it('backfills 365 days in one period of 4 pages, 4 billed calls, and stores one summed value per date', async () => {
    const result = await processAndStoreAudienceData(deps(), badGuy.uuid, 'tiktok');
    const want = expected(badGuy, 'tiktok', HISTORY_START, TODAY);
    expect(want.length).toBeGreaterThan(300);

    expect(billedCalls(server)).toBe(4);
    expect(audienceRequests(server)).toEqual(
      [0, 100, 200, 300].map((offset) => ({
        path: `/api/v2/song/${badGuy.uuid}/audience/tiktok`,
        status: 200,
        startDate: HISTORY_START,
        endDate: TODAY,
        offset,
        limit: 100,
      })),
    );

    const rows = await stored(badGuy, 'tiktok');
    expect(rows.map(({ date, value }) => ({ date, value }))).toEqual(want);
    // TikTok has two sounds per song here: two plots a day, stored as their sum, identifiers sorted.
    expect(rows[0]?.identifier).toBe([...demoIdentifiers(badGuy, 'tiktok')].sort().join(','));
    const plots = (rows[0]?.apiData as { plots: { identifier: string }[] }).plots.map((plot) => plot.identifier);
    expect(plots).toEqual([...plots].sort());
    expect(plots).toHaveLength(2);

    expect(result).toMatchObject({
      status: 'succeeded',
      skipReason: null,
      joined: false,
      recordsCreated: want.length,
      recordsUpdated: 0,
      recordsSkipped: 0,
      window: { startDate: HISTORY_START, endDate: TODAY },
      lastFetchedAt: noon(TODAY),
    });
    const [run] = await runs();
    expect(run).toMatchObject({
      id: result.runId,
      status: 'succeeded',
      trigger: 'manual',
      recordsCreated: want.length,
      windowStart: HISTORY_START,
      windowEnd: TODAY,
      error: null,
      finishedAt: noon(TODAY),
    });
    const [track] = await handle.db.select().from(tracks).where(eq(tracks.uuid, badGuy.uuid));
    expect(track?.audienceFetchedAt).toEqual(noon(TODAY));
  });

  it('changes nothing when the same data is fetched again', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    const before = await stored(badGuy, 'spotify');
    const again = await processAndStoreAudienceData(deps({ now: () => noon(TODAY, 1) }), badGuy.uuid, 'spotify', { fullHistory: true });
    expect(again).toMatchObject({ status: 'succeeded', recordsCreated: 0, recordsUpdated: 0, recordsSkipped: before.length });
    expect(await stored(badGuy, 'spotify')).toEqual(before);
  });

  it('skips a pair fetched less than 24 hours ago unless forced, and records the skip', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    server.requests.clear();
    const skipped = await processAndStoreAudienceData(deps({ now: () => noon(TODAY, 23) }), badGuy.uuid, 'spotify');
    expect(skipped).toMatchObject({ status: 'skipped', skipReason: 'fresh', recordsCreated: 0, lastFetchedAt: noon(TODAY) });
    expect(audienceRequests(server)).toHaveLength(0);
    expect((await runs()).map((run) => run.status)).toEqual(['succeeded', 'skipped']);

    const dayAfter = await processAndStoreAudienceData(deps({ now: () => noon(TODAY, 25) }), badGuy.uuid, 'spotify');
    expect(dayAfter.status).toBe('succeeded');
  });

  it('fetches incrementally from the last stored date with an overlap, and picks up restated values', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    const before = await stored(badGuy, 'spotify');
    const last = before.at(-1)?.date ?? '';
    const restated = before.at(-3);
    if (!restated) throw new Error('no data');
    await handle.db.update(series).set({ audienceValue: restated.value - 1 }).where(eq(series.date, restated.date));

    const later = deps({ now: () => noon(LATER) }, {}, laterServer);
    const result = await processAndStoreAudienceData(later, badGuy.uuid, 'spotify');
    const requests = audienceRequests(laterServer);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ startDate: addDays(last, -7), endDate: LATER });
    const overlap = expected(badGuy, 'spotify', addDays(last, -7), last, LATER);
    const fresh = expected(badGuy, 'spotify', addDays(last, 1), LATER, LATER);
    expect(result).toMatchObject({
      status: 'succeeded',
      recordsCreated: fresh.length,
      recordsUpdated: 1,
      recordsSkipped: overlap.length - 1,
      window: { startDate: addDays(last, -7), endDate: LATER },
    });
    const after = await stored(badGuy, 'spotify');
    expect(after.find((row) => row.date === restated.date)?.value).toBe(restated.value);
    expect(after.map(({ date, value }) => ({ date, value }))).toEqual(expected(badGuy, 'spotify', HISTORY_START, LATER, LATER));
  });

  it('spends 1 call on a forced refresh of a pair fetched an hour ago: from the last stored day minus the overlap', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    const last = (await stored(badGuy, 'spotify')).at(-1)?.date ?? '';
    server.requests.clear();
    const forced = await processAndStoreAudienceData(deps({ now: () => noon(TODAY, 1) }), badGuy.uuid, 'spotify', { forceRefresh: true });
    expect(billedCalls(server)).toBe(1);
    expect(audienceRequests(server)).toEqual([expect.objectContaining({ startDate: addDays(last, -7), endDate: TODAY, offset: 0 })]);
    expect(forced).toMatchObject({ status: 'succeeded', recordsCreated: 0, window: { startDate: addDays(last, -7), endDate: TODAY } });
    expect((await runs()).at(-1)).toMatchObject({ forceRefresh: true, windowStart: addDays(last, -7) });
  });

  it('refetches the whole history window only when the full history is asked for', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    const later = deps({ now: () => noon(LATER) }, {}, laterServer);
    const result = await processAndStoreAudienceData(later, badGuy.uuid, 'spotify', { fullHistory: true });
    const requests = audienceRequests(laterServer);
    expect(requests.map((request) => [request.startDate, request.offset])).toEqual([0, 100, 200, 300].map((offset) => [addDays(LATER, -364), offset]));
    expect(billedCalls(laterServer)).toBe(4);
    expect(result.window).toEqual({ startDate: addDays(LATER, -364), endDate: LATER });
    // The full history is fetched even when the pair is fresh: it implies forcing.
    const again = await processAndStoreAudienceData(deps({ now: () => noon(LATER, 1) }, {}, laterServer), badGuy.uuid, 'spotify', { fullHistory: true });
    expect(again).toMatchObject({ status: 'succeeded', window: { startDate: addDays(LATER, -364), endDate: LATER } });
    const forcedRun = (await runs()).at(-1);
    expect(forcedRun).toMatchObject({ forceRefresh: true, windowStart: addDays(LATER, -364) });
  });

  it('stores a series whose cumulative total drops, as SoundCharts sends it', async () => {
    const from = addDays(TODAY, -20);
    const dropping = await startTestSoundcharts({ today: TODAY, catalogue, drops: [{ trackUuid: badGuy.uuid, platformSlug: 'spotify', from, factor: 0.5 }] });
    try {
      const result = await processAndStoreAudienceData(deps({}, {}, dropping), badGuy.uuid, 'spotify');
      const want = expected(badGuy, 'spotify', HISTORY_START, TODAY).map((point) =>
        point.date >= from ? { ...point, value: Math.round(point.value * 0.5) } : point,
      );
      expect(result.recordsCreated).toBe(want.length);
      const rows = (await stored(badGuy, 'spotify')).map(({ date, value }) => ({ date, value }));
      expect(rows).toEqual(want);
      const at = rows.findIndex((row) => row.date >= from);
      expect(rows[at]?.value).toBeLessThan(rows[at - 1]?.value ?? 0);
    } finally {
      await dropping.close();
    }
  });

  it('follows the pages of the period', async () => {
    const result = await processAndStoreAudienceData(deps({}, { pageSize: 25 }), badGuy.uuid, 'spotify');
    const requests = audienceRequests(server);
    expect(requests.map((request) => request.offset)).toEqual(requests.map((_, index) => index * 25));
    expect(requests).toHaveLength(Math.ceil(expected(badGuy, 'spotify', HISTORY_START, TODAY).length / 25));
    expect(requests.every((request) => request.limit === 25 && request.startDate === HISTORY_START)).toBe(true);
    const want = expected(badGuy, 'spotify', HISTORY_START, TODAY);
    expect(result.recordsCreated).toBe(want.length);
    expect((await stored(badGuy, 'spotify')).map(({ date, value }) => ({ date, value }))).toEqual(want);
  });

  it('leaves the stored series unchanged when a later page is invalid, records why, and the next run succeeds', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    const before = await stored(badGuy, 'spotify');
    server.faults.add({ kind: 'wrong_type', page: 3, item: 4, path: '/audience/spotify' });

    const later = noon(TODAY, 6);
    const error = await rejection(
      processAndStoreAudienceData(deps({ now: () => later }, { pageSize: 25 }), badGuy.uuid, 'spotify', { fullHistory: true }),
    );
    expect(error.code).toBe('upstream_invalid');
    expect(error.message).toMatch(/page 3.*items\.4\.plots\.0\.value/);
    expect(await stored(badGuy, 'spotify')).toEqual(before);

    const failed = (await runs()).at(-1);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'upstream_invalid', finishedAt: later });
    expect(failed?.error).toContain('items.4.plots.0.value');
    const [state] = await handle.db.select().from(ingestPairState);
    expect(state).toMatchObject({ lastStatus: 'failed', lastAttemptAt: later, lastSucceededAt: noon(TODAY) });

    const retry = await processAndStoreAudienceData(deps({ now: () => noon(TODAY, 7) }), badGuy.uuid, 'spotify', { fullHistory: true });
    expect(retry).toMatchObject({ status: 'succeeded', recordsCreated: 0, recordsUpdated: 0, recordsSkipped: before.length });
  });

  /** Resolves once SoundCharts has an audience request: the run that sent it holds the pair's lock. */
  /** A promise and the function that settles it (Promise.withResolvers arrives with Node 22). */
  const heldGate = (): [Promise<void>, () => void] => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return [gate, release];
  };

  const firstAudienceRequest = async (): Promise<void> => {
    while (audienceRequests(server).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('does the work once when two refreshes of a pair run at once', async () => {
    // The first refresh holds the lock, its first page held by SoundCharts until the second has asked
    // for the lock (its clock is read as it asks), so the two overlap however slow the machine is: with
    // a fixed delay, a second refresh that arrived after the first had ended rightly fetched again.
    const [gate, release] = heldGate();
    server.faults.add({ kind: 'hold', until: gate, path: '/audience/spotify' });
    const running = processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify', { forceRefresh: true });
    await firstAudienceRequest();
    // Released a while after the second has read its clock: long enough for its lock query to reach the
    // database first on a loaded machine (300 ms was not, once: the first run ended before it asked).
    const askingForTheLock = (): Date => {
      setTimeout(release, 2_000);
      return noon(TODAY);
    };
    const other = await processAndStoreAudienceData(deps({ now: askingForTheLock }), badGuy.uuid, 'spotify', { forceRefresh: true });
    const first = await running;
    expect(audienceRequests(server)).toHaveLength(4);
    expect(first.runId).toBe(other.runId);
    expect([first.joined, other.joined]).toEqual([false, true]);
    expect(other).toMatchObject({ status: 'succeeded', recordsCreated: first.recordsCreated });
    expect(await runs()).toHaveLength(1);
  });

  it('reports a refresh still running after the wait as in progress', async () => {
    const [gate, release] = heldGate();
    server.faults.add({ kind: 'hold', until: gate, path: '/audience/spotify' });
    const slow = processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    await firstAudienceRequest();
    const busy = await processAndStoreAudienceData(deps({ lockWaitMs: 100 }), badGuy.uuid, 'spotify');
    release();
    expect(busy).toMatchObject({ status: 'skipped', skipReason: 'in_progress', recordsCreated: 0 });
    expect((await slow).status).toBe('succeeded');
    expect(busy.runId).toBe((await slow).runId);
  });

  it('takes over a pair whose running run lost its lease (its process stopped)', async () => {
    const [track] = await handle.db.select().from(tracks).where(eq(tracks.uuid, badGuy.uuid));
    const [spotify] = await handle.db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
    if (!track || !spotify) throw new Error('fixture missing');
    const [crashed] = await handle.db
      .insert(ingestRuns)
      .values({ trackId: track.id, platformId: spotify.id, trigger: 'cron', startedAt: noon(TODAY, -2), leaseExpiresAt: noon(TODAY, -1) })
      .returning();
    const result = await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    expect(result.status).toBe('succeeded');
    const all = await runs();
    expect(all[0]).toMatchObject({ id: crashed?.id, status: 'failed', errorCode: 'internal' });
    expect(all[0]?.error).toMatch(/lease expired/);
    expect(all[1]).toMatchObject({ id: result.runId, status: 'succeeded' });
  });

  it('answers clear errors: unknown track, unknown platform, song unknown to SoundCharts, rejected platform code', async () => {
    const unknownTrack = await rejection(processAndStoreAudienceData(deps(), catalogue[2]?.uuid ?? '', 'spotify'));
    expect(unknownTrack).toMatchObject({ code: 'not_found', message: `Track ${catalogue[2]?.uuid} not found` });
    const unknownPlatform = await rejection(processAndStoreAudienceData(deps(), badGuy.uuid, 'myspace'));
    expect(unknownPlatform).toMatchObject({ code: 'not_found', message: "Platform 'myspace' not found" });
    expect(await runs()).toHaveLength(0);

    const ghost = '00000000-1111-1222-8333-444444444444';
    await handle.db.insert(tracks).values({ uuid: ghost, name: 'Ghost' });
    const notOnSoundcharts = await rejection(processAndStoreAudienceData(deps(), ghost, 'spotify'));
    expect(notOnSoundcharts).toMatchObject({ code: 'not_found', message: `Song ${ghost} not found on SoundCharts` });

    await handle.db.insert(platforms).values({ slug: 'myspace', name: 'Myspace', color: '#000000', platformIdentifier: 'myspace' });
    server.requests.clear();
    const rejected = await rejection(processAndStoreAudienceData(deps(), badGuy.uuid, 'myspace'));
    expect(rejected.code).toBe('upstream_rejected');
    expect(rejected.message).toContain('"myspace"');
    // A platform SoundCharts refuses costs one call: neither retried nor split into windows.
    expect(audienceRequests(server)).toEqual([expect.objectContaining({ status: 400, startDate: HISTORY_START, endDate: TODAY })]);
    expect(billedCalls(server)).toBe(1);
    expect((await runs()).map((run) => [run.status, run.errorCode])).toEqual([
      ['failed', 'not_found'],
      ['failed', 'upstream_rejected'],
    ]);
  });

  it('passes on rate limits with their Retry-After, upstream failures and the quota floor', async () => {
    server.faults.add({ kind: 'rate_limit', resetSeconds: 120, path: '/audience/', times: 1 });
    const limited = await rejection(processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify'));
    expect(limited).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 120 });

    server.faults.add({ kind: 'status', status: 500, path: '/audience/', times: Number.POSITIVE_INFINITY });
    const down = await rejection(processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify'));
    expect(down.code).toBe('upstream_unavailable');
    server.faults.clear();

    const quota = server.quota();
    const floored = await rejection(processAndStoreAudienceData(deps({}, { quotaFloor: quota - 2 }), badGuy.uuid, 'spotify'));
    expect(floored.code).toBe('quota_exhausted');
    expect(floored.retryAfterSeconds).toBeGreaterThan(0);
    expect(await stored(badGuy, 'spotify')).toEqual([]);
    expect((await runs()).map((run) => run.errorCode)).toEqual(['rate_limited', 'upstream_unavailable', 'quota_exhausted']);
  });

  it('processes every pair of a bulk run; a failure is reported and does not stop the others', async () => {
    const platformOfSecond = second.platforms[1] ?? 'spotify';
    const pairs = [
      { trackUuid: badGuy.uuid, platformSlug: 'spotify' },
      { trackUuid: badGuy.uuid, platformSlug: 'nope' },
      { trackUuid: second.uuid, platformSlug: platformOfSecond },
    ];
    const progress: number[] = [];
    const { results, totals } = await bulkProcessAudienceData(deps(), pairs, {
      concurrency: 2,
      trigger: 'cli',
      onOutcome: (_outcome, done) => progress.push(done),
    });
    expect(results.map((outcome) => [outcome.trackUuid, outcome.platformSlug, outcome.status])).toEqual([
      [badGuy.uuid, 'spotify', 'succeeded'],
      [badGuy.uuid, 'nope', 'failed'],
      [second.uuid, platformOfSecond, 'succeeded'],
    ]);
    expect(results[1]).toMatchObject({ code: 'not_found', error: "Platform 'nope' not found" });
    expect(progress).toEqual([1, 2, 3]);
    expect(totals).toMatchObject({ pairs: 3, succeeded: 2, failed: 1, skipped: 0, notStarted: 0 });
    expect(totals.recordsCreated).toBe(
      expected(badGuy, 'spotify', HISTORY_START, TODAY).length + expected(second, platformOfSecond, HISTORY_START, TODAY).length,
    );
    expect((await runs()).every((run) => run.trigger === 'cli')).toBe(true);

    const late = await bulkProcessAudienceData(deps(), pairs, { deadline: Date.now() - 1 });
    expect(late).toEqual({ results: [], totals: expect.objectContaining({ pairs: 3, notStarted: 3 }) });
  });

  it('records the pair state the scheduler reads, in the same transaction as the data', async () => {
    await processAndStoreAudienceData(deps(), badGuy.uuid, 'spotify');
    const [state] = await handle.db.select().from(ingestPairState);
    expect(state).toMatchObject({ lastStatus: 'succeeded', lastSucceededAt: noon(TODAY), coveredUntil: TODAY });
    const [latest] = await handle.db.select().from(ingestRuns).orderBy(desc(ingestRuns.id)).limit(1);
    expect(latest?.finishedAt).toEqual(state?.lastSucceededAt);
  });
});

import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import {
  audienceChanges,
  ingestRuns,
  platforms,
  rateLimits,
  trackAudienceIdentifierValues as identifierValues,
  trackAudienceTimeSeries as series,
  tracks,
} from '@/db/schema';
import { addDays } from '@/lib/dates';
import { parseEnv } from '@/lib/env';
import { testDatabases } from '@/test/databases';
import { runDailyPrune } from './daily-prune';
import { prune } from './prune';
import type { RetentionSettings } from './prune';

const now = new Date('2026-06-30T12:00:00Z');
const today = '2026-06-30';
const daysAgo = (days: number): Date => new Date(now.getTime() - days * 86_400_000);
const settings: RetentionSettings = { audienceRetentionDays: 30, ingestRunsRetentionDays: 90, rateLimitWindowSeconds: 600 };

describe('retention settings', () => {
  it('keep every point by default, runs 90 days, and refuse a retention shorter than the history fetched', () => {
    expect(parseEnv({}).AUDIENCE_RETENTION_DAYS).toBeUndefined();
    expect(parseEnv({}).INGEST_RUNS_RETENTION_DAYS).toBe(90);
    expect(parseEnv({ AUDIENCE_RETENTION_DAYS: '400' }).AUDIENCE_RETENTION_DAYS).toBe(400);
    expect(() => parseEnv({ AUDIENCE_RETENTION_DAYS: '100' })).toThrow(/at least AUDIENCE_HISTORY_DAYS \(365\)/);
    expect(() => parseEnv({ AUDIENCE_RETENTION_DAYS: 'soon' })).toThrow(/AUDIENCE_RETENTION_DAYS/);
  });
});

describe.each(testDatabases())('prune on $name', ({ open }) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  beforeEach(async () => {
    const { db } = handle;
    await db.execute(sql`truncate track_audience_time_series, track_audience_identifier_values, ingest_runs, rate_limits,
      scheduled_tasks, tracks restart identity cascade`);
    const [first, second] = await db
      .insert(tracks)
      .values([1, 2].map((n) => ({ uuid: `00000000-0000-1000-8000-00000000000${n}`, name: `Track ${n}` })))
      .returning({ id: tracks.id });
    const platformIds = (await db.select({ id: platforms.id }).from(platforms).orderBy(asc(platforms.id)).limit(2)).map((row) => row.id);
    // 40 days of two tracks on two platforms: 10 days (31 to 40 days old) fall outside 30 days.
    const points = [first, second].flatMap((track) =>
      platformIds.flatMap((platformId) =>
        Array.from({ length: 40 }, (_, day) => ({ trackId: track?.id as number, platformId, date: addDays(today, -day - 1), audienceValue: day })),
      ),
    );
    await db.insert(series).values(points);
    await db.insert(identifierValues).values(points.map(({ trackId, platformId, date }) => ({ trackId, platformId, date, identifier: 'a', value: 1 })));
    const run = (startedAt: Date, status: 'succeeded' | 'failed' | 'skipped' | 'running') => ({
      trackId: first?.id as number,
      platformId: platformIds[0] as number,
      trigger: 'cron' as const,
      status,
      startedAt,
      leaseExpiresAt: startedAt,
    });
    await db.insert(ingestRuns).values([
      run(daysAgo(10), 'succeeded'),
      run(daysAgo(100), 'succeeded'),
      run(daysAgo(100), 'skipped'),
      run(daysAgo(100), 'failed'),
      run(daysAgo(200), 'failed'),
      // A run of a process that died long ago is the run lock's business, not the prune's.
      run(daysAgo(300), 'running'),
    ]);
    await db.insert(rateLimits).values([
      { key: 'old', windowStartedAt: daysAgo(1), hits: 3 },
      { key: 'live', windowStartedAt: new Date(now.getTime() - 60_000), hits: 1 },
    ]);
  });

  async function counts() {
    const { db } = handle;
    const count = async (table: typeof series | typeof identifierValues | typeof rateLimits) =>
      Number((await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n);
    const [oldest] = await db.select({ date: sql<string>`min(${series.date})` }).from(series);
    const runs = await db.select({ status: ingestRuns.status }).from(ingestRuns).orderBy(asc(ingestRuns.id));
    return { points: await count(series), values: await count(identifierValues), limits: await count(rateLimits), oldest: oldest?.date, runs: runs.map((row) => row.status) };
  }

  it('--dry-run counts what each step would remove and removes nothing', async () => {
    const before = await counts();
    const report = await prune(handle.db, settings, { now, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, complete: true });
    expect(report.steps.map((step) => step.rows)).toEqual([40, 40, 2, 1, 1]);
    expect(report.steps[0]?.step).toBe('audience points before 2026-05-31');
    expect(await counts()).toEqual(before);
  });

  it('removes points older than the retention, old runs (failed ones after twice as long) and expired windows, in batches', async () => {
    const report = await prune(handle.db, settings, { now, batchSize: 7 });
    expect(report).toMatchObject({ dryRun: false, complete: true });
    expect(report.steps.map((step) => step.rows)).toEqual([40, 40, 2, 1, 1]);
    expect(await counts()).toEqual({
      points: 120,
      values: 120,
      limits: 1,
      oldest: '2026-05-31',
      runs: ['succeeded', 'failed', 'running'],
    });
    // Charts of both tracks lost days: each has a change recorded, so cached replies and open pages follow.
    const versions = await handle.db.select({ version: tracks.dataVersion }).from(tracks);
    expect(versions.every(({ version }) => version > 0)).toBe(true);
    // In key order (track, platform, day), batches of 7 take track 1's 20 old points, then track 2's:
    // 7 of its first pair, 3 and 4 of both, 6 of its second and 1 of track 2's first, and so on, 9
    // changes in all. Across a platform's dates, every batch would name a pair of each track (12 here,
    // a pair of every track of a label's catalogue there).
    const changes = await handle.db.select({ trackId: audienceChanges.trackId }).from(audienceChanges);
    expect(changes).toHaveLength(9);
    // Nothing left to do: a second prune removes nothing.
    expect((await prune(handle.db, settings, { now })).steps.every((step) => step.rows === 0)).toBe(true);
  });

  it('keeps every point without a retention', async () => {
    const report = await prune(handle.db, { ...settings, audienceRetentionDays: undefined }, { now });
    expect(report.steps.map((step) => step.step)).not.toContain(expect.stringMatching(/audience/));
    expect((await counts()).points).toBe(160);
  });

  it('stops at its deadline reporting itself incomplete; the daily prune is done once a day, and carries on after a cut', async () => {
    const cut = await prune(handle.db, settings, { now, deadline: Date.now() - 1 });
    expect(cut.complete).toBe(false);
    const stopped = new AbortController();
    stopped.abort();
    expect((await prune(handle.db, settings, { now, stop: stopped.signal })).complete).toBe(false);
    expect((await counts()).points).toBe(160);

    expect(await runDailyPrune(handle.db, settings, { now, deadline: Date.now() - 1 })).toMatchObject({ complete: false });
    // Not recorded as done: the next call carries on, and finishes.
    expect(await runDailyPrune(handle.db, settings, { now, deadline: Date.now() + 60_000 })).toMatchObject({ complete: true });
    expect((await counts()).points).toBe(120);
    const later = new Date(now.getTime() + 23 * 3_600_000);
    expect(await runDailyPrune(handle.db, settings, { now: later, deadline: Date.now() + 60_000 })).toBeNull();
    const nextDay = new Date(now.getTime() + 25 * 3_600_000);
    expect(await runDailyPrune(handle.db, settings, { now: nextDay, deadline: Date.now() + 60_000 })).toMatchObject({ complete: true });
  });
});

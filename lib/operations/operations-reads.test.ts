import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestRuns, platforms, tracks } from '@/db/schema';
import type { IngestRunStatus, IngestTrigger } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { listIngestRuns, runFilterSchema, runPair } from './ingest-run-list';
import { callsPerDay, lastCronCycle } from './soundcharts-activity';

const uuid = (n: number): string => `00000000-0000-1000-8000-${String(n).padStart(12, '0')}`;
const now = new Date('2025-06-30T12:00:00Z');
const minutesAgo = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

describe('run filter', () => {
  it('reads the query string, blank fields as unset, and refuses the rest', () => {
    expect(runFilterSchema.parse({ status: 'failed', trigger: '', track: ` ${uuid(1).toUpperCase()} `, platform: 'spotify', before: '12' })).toEqual({
      status: 'failed',
      trigger: undefined,
      track: uuid(1),
      platform: 'spotify',
      before: 12,
    });
    for (const bad of [{ status: 'broken' }, { trigger: 'cron;drop' }, { track: 'nope' }, { platform: '../x' }, { before: '-1' }, { before: '1e400' }]) {
      expect(runFilterSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe.each(testDatabases())('operations reads on $name', ({ open }) => {
  let handle: DatabaseHandle;
  const platformIds = new Map<string, number>();
  const trackIds: number[] = [];

  beforeAll(async () => {
    handle = await open();
    for (const row of await handle.db.select().from(platforms)) platformIds.set(row.slug, row.id);
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate ingest_runs, tracks restart identity cascade`);
    const inserted = await handle.db.insert(tracks).values([1, 2].map((n) => ({ uuid: uuid(n), name: `Track ${n}` }))).returning({ id: tracks.id });
    trackIds.splice(0, trackIds.length, ...inserted.map((row) => row.id));
  });

  type Run = { track: number; slug: string; trigger: IngestTrigger; status: IngestRunStatus; startedAt: Date; window?: [string, string]; created?: number };
  async function runs(...rows: Run[]): Promise<void> {
    for (const row of rows) {
      await handle.db.insert(ingestRuns).values({
        trackId: trackIds[row.track - 1] as number,
        platformId: platformIds.get(row.slug) as number,
        trigger: row.trigger,
        status: row.status,
        startedAt: row.startedAt,
        finishedAt: row.status === 'running' ? null : new Date(row.startedAt.getTime() + 1_000),
        leaseExpiresAt: now,
        windowStart: row.window?.[0],
        windowEnd: row.window?.[1],
        recordsCreated: row.created ?? 0,
        error: row.status === 'failed' ? 'SoundCharts said no' : null,
        errorCode: row.status === 'failed' ? 'upstream_rejected' : null,
      });
    }
  }

  it('lists runs newest first, filtered by status, trigger, track and platform, a page at a time', async () => {
    await runs(
      { track: 1, slug: 'spotify', trigger: 'cron', status: 'succeeded', startedAt: minutesAgo(50) },
      { track: 1, slug: 'spotify', trigger: 'manual', status: 'failed', startedAt: minutesAgo(40) },
      { track: 2, slug: 'youtube', trigger: 'cron', status: 'failed', startedAt: minutesAgo(30) },
      { track: 2, slug: 'spotify', trigger: 'cli', status: 'succeeded', startedAt: minutesAgo(20) },
    );
    const ids = async (filter: Parameters<typeof listIngestRuns>[1], limit = 10) => (await listIngestRuns(handle.db, filter, limit)).map((run) => run.id);
    expect(await ids({})).toEqual([4, 3, 2, 1]);
    expect(await ids({ status: 'failed' })).toEqual([3, 2]);
    expect(await ids({ trigger: 'cron' })).toEqual([3, 1]);
    expect(await ids({ track: uuid(1) })).toEqual([2, 1]);
    expect(await ids({ platform: 'spotify', status: 'succeeded' })).toEqual([4, 1]);
    expect(await ids({}, 2)).toEqual([4, 3]);
    expect(await ids({ before: 3 })).toEqual([2, 1]);
    const [failed] = await listIngestRuns(handle.db, { status: 'failed', track: uuid(1) }, 1);
    expect(failed).toMatchObject({ trackName: 'Track 1', platformSlug: 'spotify', trigger: 'manual', errorCode: 'upstream_rejected', error: 'SoundCharts said no' });
    expect(await runPair(handle.db, 3)).toEqual({ trackUuid: uuid(2), platformSlug: 'youtube' });
    expect(await runPair(handle.db, 99)).toBeUndefined();
  });

  it('counts a billed call per 100 days of each run\'s window per UTC day, every day present', async () => {
    await runs(
      { track: 1, slug: 'spotify', trigger: 'cron', status: 'succeeded', startedAt: new Date('2025-06-30T00:30:00Z'), window: ['2025-06-23', '2025-06-30'] },
      { track: 2, slug: 'spotify', trigger: 'cli', status: 'failed', startedAt: new Date('2025-06-30T09:00:00Z'), window: ['2024-07-01', '2025-06-30'] },
      { track: 2, slug: 'spotify', trigger: 'cli', status: 'skipped', startedAt: new Date('2025-06-29T23:59:00Z') },
      { track: 1, slug: 'youtube', trigger: 'manual', status: 'succeeded', startedAt: new Date('2025-06-28T10:00:00Z'), window: ['2025-01-01', '2025-04-10'] },
      { track: 1, slug: 'youtube', trigger: 'manual', status: 'succeeded', startedAt: new Date('2025-05-01T10:00:00Z'), window: ['2025-01-01', '2025-04-10'] },
    );
    const days = await callsPerDay(handle.db, { days: 30, now });
    expect(days).toHaveLength(30);
    expect(days[0]?.day).toBe('2025-06-01');
    expect(days.at(-1)).toEqual({ day: '2025-06-30', runs: 2, calls: 1 + 4 });
    expect(days.at(-3)).toEqual({ day: '2025-06-28', runs: 1, calls: 1 });
    expect(days.at(-2)).toEqual({ day: '2025-06-29', runs: 0, calls: 0 });
    expect(days.reduce((sum, day) => sum + day.calls, 0)).toBe(6);
  });

  it('reads the last cron cycle from its runs, leaving out earlier cycles and other triggers', async () => {
    expect(await lastCronCycle(handle.db, 120_000)).toBeUndefined();
    await runs(
      { track: 1, slug: 'spotify', trigger: 'cron', status: 'failed', startedAt: minutesAgo(65) },
      { track: 1, slug: 'spotify', trigger: 'cron', status: 'succeeded', startedAt: minutesAgo(5), created: 3 },
      { track: 2, slug: 'spotify', trigger: 'cron', status: 'failed', startedAt: minutesAgo(4.5) },
      { track: 2, slug: 'youtube', trigger: 'cron', status: 'succeeded', startedAt: minutesAgo(4), created: 4 },
      { track: 2, slug: 'tiktok', trigger: 'manual', status: 'succeeded', startedAt: minutesAgo(4), created: 100 },
    );
    expect(await lastCronCycle(handle.db, 120_000)).toEqual({
      startedAt: minutesAgo(5),
      finishedAt: new Date(minutesAgo(4).getTime() + 1_000),
      pairs: 3,
      byStatus: { running: 0, succeeded: 2, failed: 1, skipped: 0 },
      recordsCreated: 7,
      recordsUpdated: 0,
    });
  });
});

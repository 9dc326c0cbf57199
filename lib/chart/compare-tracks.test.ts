import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import { isAppError } from '@/lib/errors';
import { testDatabases } from '@/test/databases';
import { alignOnRelease, compareTracks } from './compare-tracks';

const A = '11111111-2222-1333-8444-00000000000a';
const B = '11111111-2222-1333-8444-00000000000b';
const C = '11111111-2222-1333-8444-00000000000c';
const UNKNOWN_1 = '11111111-2222-1333-8444-0000000000f1';
const UNKNOWN_2 = '11111111-2222-1333-8444-0000000000f2';

/**
 * A: released 2025-07-01; 100, 150, then a drop to 130, then 200.
 * B: released 2025-01-10; 5 the day before, 10 on the day, 30 two days later (a gap), 40.
 * C: no release date known.
 */
async function seed(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const [spotify] = await db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
  if (!spotify) throw new Error('no spotify');
  const inserted = await db
    .insert(tracks)
    .values([
      { uuid: A, name: 'Alpha', creditName: 'Ann', releaseDate: '2025-07-01' },
      { uuid: B, name: 'Beta', creditName: 'Bob', releaseDate: '2025-01-10' },
      { uuid: C, name: 'Gamma', creditName: 'Cy' },
    ])
    .returning();
  const id = (uuid: string): number => inserted.find((track) => track.uuid === uuid)?.id ?? -1;
  const point = (uuid: string, date: string, audienceValue: number) => ({ trackId: id(uuid), platformId: spotify.id, date, audienceValue });
  await db.insert(trackAudienceTimeSeries).values([
    point(A, '2025-07-01', 100),
    point(A, '2025-07-02', 150),
    point(A, '2025-07-03', 130),
    point(A, '2025-07-04', 200),
    point(B, '2025-01-09', 5),
    point(B, '2025-01-10', 10),
    point(B, '2025-01-12', 30),
    point(B, '2025-01-13', 40),
    point(C, '2025-07-02', 7),
  ]);
}

async function refusal(run: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return [error.code, error.message];
    throw error;
  }
  throw new Error('not refused');
}

describe('alignOnRelease', () => {
  it('puts each value on its day since release, leaves out days before it, and keeps Day 0 to limit - 1', () => {
    const series = [
      { releaseDate: '2025-01-10', points: [{ date: '2025-01-09', value: 1 }, { date: '2025-01-10', value: 2 }, { date: '2025-01-12', value: 3 }], values: [1, 2, 3] },
      { releaseDate: '2024-06-01', points: [{ date: '2024-06-02', value: 9 }], values: [9] },
    ];
    expect(alignOnRelease(series, undefined)).toEqual({ labels: ['Day 0', 'Day 1', 'Day 2'], rows: [[2, null, 3], [null, 9, null]] });
    expect(alignOnRelease(series, 2)).toEqual({ labels: ['Day 0', 'Day 1'], rows: [[2, null], [null, 9]] });
    expect(alignOnRelease([], undefined)).toEqual({ labels: [], rows: [] });
  });
});

describe.each(testDatabases())('comparing tracks on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle.close());

  it('aligns tracks on the calendar, one dataset each, in the order asked', async () => {
    const result = await compareTracks(handle.db, [C, A], 'spotify', { align: 'calendar', mode: 'cumulative', window: {} });
    expect(result.tracks).toEqual([
      { name: 'Gamma', credit_name: 'Cy', uuid: C, release_date: null },
      { name: 'Alpha', credit_name: 'Ann', uuid: A, release_date: '2025-07-01' },
    ]);
    expect(result.platform).toEqual({ name: 'Spotify', slug: 'spotify', metric_name: 'Streams' });
    expect(result.chart_data.labels).toEqual(['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-04']);
    expect(result.chart_data.datasets.map((dataset) => [dataset.label, dataset.data, dataset.borderColor])).toEqual([
      ['Gamma (Cy) on Spotify', [null, 7, null, null], '#3b82f6'],
      ['Alpha (Ann) on Spotify', [100, 150, 130, 200], '#ef4444'],
    ]);
    expect(result).not.toHaveProperty('data_events');
  });

  it('aligns on release: Day 0 is the release date', async () => {
    const result = await compareTracks(handle.db, [A, B], 'spotify', { align: 'release', mode: 'cumulative', window: {} });
    expect(result.chart_data.labels).toEqual(['Day 0', 'Day 1', 'Day 2', 'Day 3']);
    expect(result.chart_data.datasets.map((dataset) => dataset.data)).toEqual([
      [100, 150, 130, 200],
      [10, null, 30, 40],
    ]);
  });

  it('gives daily changes on release days from the whole series, with drops as events', async () => {
    const result = await compareTracks(handle.db, [A, B], 'spotify', { align: 'release', mode: 'daily', window: {} });
    // B's Day 0 is its change from the day before release; Day 2 spreads 20 over the two days since Day 0.
    expect(result.chart_data.datasets.map((dataset) => [dataset.label, dataset.data])).toEqual([
      ['Alpha (Ann) on Spotify, daily change', [null, 50, null, 70]],
      ['Beta (Bob) on Spotify, daily change', [5, null, 10, 10]],
    ]);
    expect(result.data_events).toEqual([{ type: 'drop', date: '2025-07-03', platform: 'spotify', change: -20, track: A }]);
    const firstDays = await compareTracks(handle.db, [A, B], 'spotify', { align: 'release', mode: 'daily', window: { limit: 2 } });
    expect(firstDays.chart_data.labels).toEqual(['Day 0', 'Day 1']);
    expect(firstDays.data_events).toEqual([]);
  });

  it('reads the lead-in before a calendar window for derived modes', async () => {
    const result = await compareTracks(handle.db, [A, B], 'spotify', { align: 'calendar', mode: 'daily', window: { startDate: '2025-07-02' } });
    expect(result.chart_data.labels).toEqual(['2025-07-02', '2025-07-03', '2025-07-04']);
    expect(result.chart_data.datasets.map((dataset) => dataset.data)).toEqual([
      [50, null, 70],
      [null, null, null],
    ]);
  });

  it('names a track without a release date when aligning on release', async () => {
    expect(await refusal(() => compareTracks(handle.db, [A, C], 'spotify', { align: 'release', mode: 'cumulative', window: {} }))).toEqual([
      'invalid_input',
      `align=release needs a release date, and none is known for Gamma (${C})`,
    ]);
  });

  it('names every unknown track, and an unknown platform', async () => {
    expect(await refusal(() => compareTracks(handle.db, [A, UNKNOWN_1, UNKNOWN_2], 'spotify', { align: 'calendar', mode: 'cumulative', window: {} }))).toEqual([
      'not_found',
      `Tracks ${UNKNOWN_1}, ${UNKNOWN_2} not found`,
    ]);
    expect(await refusal(() => compareTracks(handle.db, [A, UNKNOWN_1], 'spotify', { align: 'calendar', mode: 'cumulative', window: {} }))).toEqual([
      'not_found',
      `Track ${UNKNOWN_1} not found`,
    ]);
    expect(await refusal(() => compareTracks(handle.db, [A, B], 'myspace', { align: 'calendar', mode: 'cumulative', window: {} }))).toEqual([
      'not_found',
      "Platform 'myspace' not found",
    ]);
  });
});

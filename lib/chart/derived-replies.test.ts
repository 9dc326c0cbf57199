import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { isAppError } from '@/lib/errors';
import { testDatabases } from '@/test/databases';
import { getChartInMode, getComparisonInMode } from './derived-replies';
import { getAudienceChartData, getPlatformAudienceComparison } from './replies';

const UUID = '7d534228-5165-11e9-9375-549f35161576';

/**
 * Spotify: 1000, 1100, 1300, (gap), 1500, then a drop to 700, then 760.
 * Apple Music launches on 07-22 at 50, stays flat, then 80.
 * YouTube: +10 a day from 07-10, with a restatement of -500 on 07-20 (a change of -490).
 */
async function seed(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const rows = await db.select().from(platforms);
  const id = (slug: string): number => rows.find((row) => row.slug === slug)?.id ?? -1;
  const [track] = await db.insert(tracks).values({ uuid: UUID, name: 'bad guy', creditName: 'Billie Eilish' }).returning();
  if (!track) throw new Error('track not inserted');
  const point = (slug: string, date: string, audienceValue: number) => ({ trackId: track.id, platformId: id(slug), date, audienceValue });
  await db.insert(trackAudienceTimeSeries).values([
    point('spotify', '2025-07-20', 1000),
    point('spotify', '2025-07-21', 1100),
    point('spotify', '2025-07-22', 1300),
    point('spotify', '2025-07-24', 1500),
    point('spotify', '2025-07-25', 700),
    point('spotify', '2025-07-26', 760),
    point('apple_music', '2025-07-22', 50),
    point('apple_music', '2025-07-23', 50),
    point('apple_music', '2025-07-24', 80),
    ...Array.from({ length: 17 }, (_, i) => point('youtube', addDays('2025-07-10', i), 1000 + 10 * i - (i >= 10 ? 500 : 0))),
  ]);
}

describe.each(testDatabases())('chart replies in every mode on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle.close());

  it('answers cumulative exactly as the documented replies', async () => {
    const window = { startDate: '2025-07-21', endDate: '2025-07-25' };
    expect(await getChartInMode(handle.db, UUID, 'spotify', window, 'cumulative')).toEqual(
      await getAudienceChartData(handle.db, UUID, 'spotify', window),
    );
    expect(await getComparisonInMode(handle.db, UUID, undefined, window, 'cumulative')).toEqual(
      await getPlatformAudienceComparison(handle.db, UUID, undefined, window),
    );
  });

  it('gives the daily change from the day before the start, spread over a gap, null on a drop with its event', async () => {
    const chart = await getChartInMode(handle.db, UUID, 'spotify', { startDate: '2025-07-21' }, 'daily');
    expect(chart.chart_data).toEqual({
      labels: ['2025-07-21', '2025-07-22', '2025-07-24', '2025-07-25', '2025-07-26'],
      datasets: [
        {
          label: 'bad guy on Spotify, daily change',
          data: [100, 200, 100, null, 60],
          borderColor: '#3b82f6',
          backgroundColor: 'rgba(59, 130, 246, 0.1)',
          tension: 0.1,
        },
      ],
    });
    expect(chart.data_events).toEqual([{ type: 'drop', date: '2025-07-25', platform: 'spotify', change: -800 }]);
  });

  it('keeps the labels of the same window in cumulative mode, limit included', async () => {
    const chart = await getChartInMode(handle.db, UUID, 'spotify', { limit: 3 }, 'daily');
    expect(chart.chart_data.labels).toEqual(['2025-07-24', '2025-07-25', '2025-07-26']);
    expect(chart.chart_data.datasets[0]?.data).toEqual([100, null, 60]);
  });

  it('reports only the drops on the days shown', async () => {
    const chart = await getChartInMode(handle.db, UUID, 'spotify', { endDate: '2025-07-24' }, 'daily');
    expect(chart.data_events).toEqual([]);
  });

  it('averages 7 days, leaving the drop out, from the lead-in before the start', async () => {
    const chart = await getChartInMode(handle.db, UUID, 'youtube', { startDate: '2025-07-17', endDate: '2025-07-20' }, 'avg7');
    expect(chart.chart_data.labels).toEqual(['2025-07-17', '2025-07-18', '2025-07-19', '2025-07-20']);
    expect(chart.chart_data.datasets[0]?.label).toBe('bad guy on YouTube, 7-day average of the daily change');
    expect(chart.chart_data.datasets[0]?.data).toEqual([10, 10, 10, 10]);
    expect(chart.data_events).toEqual([{ type: 'drop', date: '2025-07-20', platform: 'youtube', change: -490 }]);
  });

  it('has no 28-day average before 28 days of history', async () => {
    const chart = await getChartInMode(handle.db, UUID, 'youtube', { limit: 2 }, 'avg28');
    expect(chart.chart_data.labels).toEqual(['2025-07-25', '2025-07-26']);
    expect(chart.chart_data.datasets[0]?.data).toEqual([null, null]);
    expect(chart.chart_data.datasets[0]?.label).toBe('bad guy on YouTube, 28-day average of the daily change');
  });

  it('compares daily changes on the union of dates: a launch has none, flat days are zero', async () => {
    const chart = await getComparisonInMode(handle.db, UUID, ['spotify', 'apple_music'], { startDate: '2025-07-22', endDate: '2025-07-26' }, 'daily');
    expect(chart.chart_data.labels).toEqual(['2025-07-22', '2025-07-23', '2025-07-24', '2025-07-25', '2025-07-26']);
    expect(chart.chart_data.datasets.map((dataset) => [dataset.label, dataset.data])).toEqual([
      ['bad guy on Spotify, daily change', [200, null, 100, null, 60]],
      ['bad guy on Apple Music, daily change', [null, 0, 30, null, null]],
    ]);
    expect(chart.chart_data.datasets[0]).not.toHaveProperty('tension');
    expect(chart.data_events).toEqual([{ type: 'drop', date: '2025-07-25', platform: 'spotify', change: -800 }]);
  });

  it('lists the drops of every platform shown by date', async () => {
    const chart = await getComparisonInMode(handle.db, UUID, undefined, {}, 'daily');
    expect(chart.data_events?.map((event) => [event.date, event.platform])).toEqual([
      ['2025-07-20', 'youtube'],
      ['2025-07-25', 'spotify'],
    ]);
  });

  it('answers empty labels and no events for a window without data', async () => {
    const chart = await getChartInMode(handle.db, UUID, 'spotify', { startDate: '2026-01-01' }, 'daily');
    expect(chart.chart_data).toEqual({ labels: [], datasets: [] });
    expect(chart.data_events).toEqual([]);
  });

  it('names an unknown track or platform', async () => {
    const other = '11111111-2222-1333-8444-555555555555';
    await expect(getChartInMode(handle.db, other, 'spotify', {}, 'daily')).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.message === `Track ${other} not found`,
    );
    await expect(getChartInMode(handle.db, UUID, 'myspace', {}, 'avg7')).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.message === "Platform 'myspace' not found",
    );
    await expect(getComparisonInMode(handle.db, UUID, ['myspace'], {}, 'avg7')).rejects.toSatisfy(
      (error: unknown) => isAppError(error) && error.message === "Platform 'myspace' not found",
    );
  });
});

import { sql } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, tracks } from '@/db/schema';
import { withoutVersionsAdded } from '@/lib/chart/data-events';
import { readSingleChart } from '@/lib/chart/queries';
import { dailyChange } from '@/lib/chart/value-modes';
import { addDays, daysBetween } from '@/lib/dates';
import type { AudienceItem } from '@/lib/soundcharts/client';
import { referenceTotals } from '@/test/identifier-reference';
import type { ReferencePlot } from '@/test/identifier-reference';
import { testDatabases } from '@/test/databases';
import { readIdentifierPlots } from './identifier-plots';
import { storeAudienceSeries } from './store';

const UUID = '5e0c7a3a-8f21-11ec-b909-0242ac120002';
const at = new Date('2025-03-06T12:00:00Z');
const d = (day: number): string => addDays('2025-03-01', day - 1);

/** SoundCharts items from plots given as { identifier: [value on d1, d2, ...] }, null where it did not report. */
function items(series: Record<string, (number | null)[]>, order: 'as given' | 'scrambled' = 'as given'): AudienceItem[] {
  const byDate = new Map<string, { identifier: string; value: number }[]>();
  for (const [identifier, values] of Object.entries(series)) {
    values.forEach((value, index) => {
      if (value === null) return;
      const date = d(index + 1);
      byDate.set(date, [...(byDate.get(date) ?? []), { identifier, value }]);
    });
  }
  const list = [...byDate].map(([date, plots]) => {
    const ordered = order === 'scrambled' ? [...plots].reverse() : plots;
    return { date, plots: ordered, raw: { date: `${date}T00:00:00+00:00`, plots: ordered } };
  });
  return order === 'scrambled' ? list.reverse() : list;
}

describe.each(testDatabases())('song totals from several identifiers on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let trackId: number;
  let platformId: number;

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate track_audience_time_series, track_audience_identifier_values, track_audience_identifiers, tracks restart identity cascade`);
    const [track] = await handle.db.insert(tracks).values({ uuid: UUID, name: 'Paper Skyline' }).returning();
    const [spotify] = await handle.db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
    if (!track || !spotify) throw new Error('fixture missing');
    trackId = track.id;
    platformId = spotify.id;
  });

  const store = (fetched: AudienceItem[]) => handle.db.transaction((tx) => storeAudienceSeries(tx, trackId, platformId, readIdentifierPlots(fetched), at));

  /** What the chart reads back: totals, the provisional days, versions added, and the daily change the track page shows. */
  async function readBack() {
    const read = await readSingleChart(handle.db, UUID, 'spotify', {});
    if (read.found !== 'both') throw new Error('pair not found');
    const dates = read.points.map((point) => point.date);
    const totals = read.points.map((point) => point.value);
    return {
      totals,
      provisional: read.events.filter((event) => event.type === 'provisional').map((event) => event.date),
      added: read.events.flatMap((event) => (event.type === 'version_added' ? [[event.date, event.identifier, event.value]] : [])),
      daily: dailyChange(dates, withoutVersionsAdded(dates, totals, platformId, read.events)),
    };
  }

  it('counts an identifier lagging two days at the end with its last value, provisionally, until its values arrive', async () => {
    await store(items({ a: [100, 110, 120, 130, 140], b: [1000, 1005, 1010, null, null] }));
    // Summing the plots of each day would give 130 and 140 on the last two days.
    expect(await readBack()).toEqual({
      totals: [1100, 1115, 1130, 1140, 1150],
      provisional: [d(4), d(5)],
      added: [],
      daily: [null, 15, 15, 10, 10],
    });
    // The next fetch re-reads the last days, and b has reported them.
    expect(await store(items({ a: [null, null, 120, 130, 140], b: [null, null, 1010, 1015, 1020] }))).toEqual({ created: 0, updated: 2, unchanged: 1 });
    expect(await readBack()).toEqual({ totals: [1100, 1115, 1130, 1145, 1160], provisional: [], added: [], daily: [null, 15, 15, 15, 15] });
  });

  it('carries an identifier that skips a day in the middle, and counts its change on the day it reports again', async () => {
    await store(items({ a: [100, 110, 120, 130, 140], b: [1000, 1005, null, 1015, 1020] }));
    expect(await readBack()).toEqual({
      totals: [1100, 1115, 1125, 1145, 1160],
      provisional: [d(3)],
      added: [],
      daily: [null, 15, 10, 20, 15],
    });
  });

  it('reports a version added mid-series as an event, not as a daily change', async () => {
    await store(items({ a: [100, 110, 120, 130, 140], c: [null, null, 50_000, 50_010, 50_020] }));
    expect(await readBack()).toEqual({
      totals: [100, 110, 50_120, 50_140, 50_160],
      provisional: [],
      added: [[d(3), 'c', 50_000]],
      daily: [null, 10, 10, 20, 20],
    });
  });

  it('keeps TikTok sounds worth 1 every day flat, a sound added included', async () => {
    await store(items({ s1: [1, 1, 1, 1, 1], s2: [1, 1, 1, 1, 1], s3: [1, 1, 1, 1, 1], s4: [null, null, 1, 1, 1] }));
    expect(await readBack()).toEqual({ totals: [3, 3, 4, 4, 4], provisional: [], added: [[d(3), 's4', 1]], daily: [null, 0, 0, 0, 0] });
  });

  it('gives the same totals whatever the order of the plots and of the days', async () => {
    const series = { a: [100, 110, 120, 130, 140], b: [1000, 1005, null, 1015, null], c: [null, null, 50_000, 50_010, 50_020] };
    await store(items(series, 'scrambled'));
    const scrambled = await readBack();
    await handle.db.execute(sql`truncate track_audience_time_series, track_audience_identifier_values, track_audience_identifiers`);
    await store(items(series));
    expect(await readBack()).toEqual(scrambled);
    // d3: 120 + b's 1005 carried + 50,000; d5: 140 + b's 1,015 carried + 50,020.
    expect(scrambled.totals).toEqual([1100, 1115, 51_125, 51_155, 51_175]);
    expect(scrambled.provisional).toEqual([d(3), d(5)]);
  });

  it('agrees with an independent sweep over the plots, fetched in overlapping windows as the processor does', async () => {
    const identifier = fc.record({
      first: fc.integer({ min: 1, max: 12 }),
      start: fc.integer({ min: 0, max: 1_000_000 }),
      steps: fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 20, maxLength: 20 }),
      missing: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(identifier, { minLength: 1, maxLength: 4 }), fc.integer({ min: 3, max: 17 }), async (identifiers, split) => {
        await handle.db.execute(sql`truncate track_audience_time_series, track_audience_identifier_values, track_audience_identifiers`);
        const plots: ReferencePlot[] = identifiers.flatMap((spec, index) => {
          let value = spec.start;
          return spec.steps.flatMap((step, day) => {
            value += step;
            // Its first day always reports: an identifier is known from the day it first reports.
            return day + 1 < spec.first || (day + 1 > spec.first && spec.missing[day]) ? [] : [{ date: d(day + 1), identifier: `id${index}`, value }];
          });
        });
        const window = (from: number, to: number): AudienceItem[] => {
          const byDate = new Map<string, { identifier: string; value: number }[]>();
          for (const plot of plots.filter((entry) => entry.date >= d(from) && entry.date <= d(to))) {
            byDate.set(plot.date, [...(byDate.get(plot.date) ?? []), { identifier: plot.identifier, value: plot.value }]);
          }
          return [...byDate].map(([date, dayPlots]) => ({ date, plots: dayPlots, raw: { plots: dayPlots } }));
        };
        await store(window(1, split));
        await store(window(split - 2, 20));
        const expected = referenceTotals(plots);
        // The chart spreads the change after days that no identifier reported evenly over them.
        const spread = expected.map((day, index) =>
          day.dailyChange === null ? null : day.dailyChange / daysBetween(expected[index - 1]?.date ?? day.date, day.date),
        );
        expect(await readBack()).toEqual({
          totals: expected.map((day) => day.total),
          provisional: expected.filter((day) => day.provisional).map((day) => day.date),
          added: expected.flatMap((day) => day.added.map((added) => [day.date, added.identifier, added.value])),
          daily: spread,
        });
      }),
      { numRuns: 25 },
    );
  });
});

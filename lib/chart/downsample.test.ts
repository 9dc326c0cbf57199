import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/dates';
import { bucketEnds, bucketIndexOf, bucketValues, downsampleReply, downsampleSeries } from './downsample';

const days = (count: number, start = '2016-01-01'): string[] => Array.from({ length: count }, (_, index) => addDays(start, index));

/** Labels, their series (nulls included) and a maximum, in the ranges the routes allow. */
const seriesCase = fc
  .record({
    count: fc.integer({ min: 0, max: 400 }),
    maxPoints: fc.integer({ min: 2, max: 120 }),
    seriesCount: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ count, maxPoints, seriesCount }) =>
    fc.record({
      labels: fc.constant(days(count)),
      maxPoints: fc.constant(maxPoints),
      series: fc.array(fc.array(fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: null, freq: 4 }), { minLength: count, maxLength: count }), {
        minLength: seriesCount,
        maxLength: seriesCount,
      }),
    }),
  );

/** The values of bucket `bucket` of `ends`. */
const bucketOf = (values: readonly (number | null)[], ends: readonly number[], bucket: number): (number | null)[] =>
  values.slice(bucket === 0 ? 0 : (ends[bucket - 1] ?? 0) + 1, (ends[bucket] ?? 0) + 1);

describe('bucketEnds', () => {
  it('keeps every index when there are no more than the maximum', () => {
    expect(bucketEnds(3, 3)).toEqual([0, 1, 2]);
    expect(bucketEnds(0, 2)).toEqual([]);
  });

  it('keeps the first day alone and splits the rest into equal runs ending on the last day', () => {
    expect(bucketEnds(10, 4)).toEqual([0, 3, 6, 9]);
    expect(bucketEnds(3653, 2)).toEqual([0, 3652]);
  });

  it('refuses a maximum that cannot hold the first and last day', () => {
    expect(() => bucketEnds(10, 1)).toThrow(RangeError);
  });

  it('gives exactly N ascending non-empty buckets from the first to the last index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.integer({ min: 2, max: 5000 }), (count, maxPoints) => {
        const ends = bucketEnds(count, maxPoints);
        expect(ends.length).toBe(Math.min(count, maxPoints));
        expect(ends[0]).toBe(0);
        expect(ends.at(-1)).toBe(count - 1);
        for (let index = 1; index < ends.length; index += 1) expect(ends[index]).toBeGreaterThan(ends[index - 1] ?? Infinity);
      }),
    );
  });
});

describe('bucketValues', () => {
  it('takes the last value that is not null for totals, and null for an empty bucket', () => {
    expect(bucketValues([1, 2, 3, null, null, null, null], [0, 3, 6], 'last')).toEqual([1, 3, null]);
    expect(bucketValues([1, 2, null, null, 5, null, null], [0, 3, 6], 'last')).toEqual([1, 2, 5]);
  });

  it('takes the mean of the values that are not null for daily figures', () => {
    expect(bucketValues([4, 2, null, 6, null, null, null], [0, 3, 6], 'mean')).toEqual([4, 4, null]);
  });
});

describe('downsampleSeries', () => {
  it('is nothing to do at or below the maximum', () => {
    fc.assert(
      fc.property(seriesCase, ({ labels, series, maxPoints }) => {
        fc.pre(labels.length <= maxPoints);
        expect(downsampleSeries(labels, series, maxPoints, 'last')).toBeUndefined();
      }),
    );
  });

  it('gives at most N points above it, the first and last day kept, labels taken from the days', () => {
    fc.assert(
      fc.property(seriesCase, ({ labels, series, maxPoints }) => {
        fc.pre(labels.length > maxPoints);
        const sampled = downsampleSeries(labels, series, maxPoints, 'mean');
        expect(sampled?.labels.length).toBe(maxPoints);
        expect(sampled?.labels[0]).toBe(labels[0]);
        expect(sampled?.labels.at(-1)).toBe(labels.at(-1));
        expect(sampled?.labels.every((label, index) => labels.includes(label) && (index === 0 || label > (sampled.labels[index - 1] ?? '')))).toBe(true);
        for (const values of sampled?.series ?? []) expect(values.length).toBe(maxPoints);
      }),
    );
  });

  it('takes each bucket’s last value for totals and its mean for daily figures', () => {
    fc.assert(
      fc.property(seriesCase, ({ labels, series, maxPoints }) => {
        fc.pre(labels.length > maxPoints);
        const ends = bucketEnds(labels.length, maxPoints);
        const last = downsampleSeries(labels, series, maxPoints, 'last');
        const mean = downsampleSeries(labels, series, maxPoints, 'mean');
        series.forEach((values, row) => {
          ends.forEach((_, bucket) => {
            const present = bucketOf(values, ends, bucket).filter((value): value is number => value !== null);
            expect(last?.series[row]?.[bucket]).toBe(present.length === 0 ? null : present.at(-1));
            const expected = present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
            if (expected === null) expect(mean?.series[row]?.[bucket]).toBeNull();
            else expect(mean?.series[row]?.[bucket]).toBeCloseTo(expected, 6);
          });
        });
      }),
    );
  });

  it('keeps a monotone cumulative series monotone', () => {
    const monotone = fc
      .record({ count: fc.integer({ min: 3, max: 800 }), maxPoints: fc.integer({ min: 2, max: 200 }) })
      .chain(({ count, maxPoints }) =>
        fc.record({
          maxPoints: fc.constant(maxPoints),
          steps: fc.array(fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null, freq: 5 }), { minLength: count, maxLength: count }),
        }),
      );
    fc.assert(
      fc.property(monotone, ({ steps, maxPoints }) => {
        let total = 1_000;
        const values = steps.map((step) => (step === null ? null : (total += step)));
        const sampled = downsampleSeries(days(values.length), [values], maxPoints, 'last');
        const kept = (sampled?.series[0] ?? values).filter((value): value is number => value !== null);
        for (let index = 1; index < kept.length; index += 1) expect(kept[index]).toBeGreaterThanOrEqual(kept[index - 1] ?? Infinity);
      }),
    );
  });
});

describe('bucketIndexOf', () => {
  it('finds the bucket of a day: the first label on or after it', () => {
    const labels = ['2025-01-01', '2025-01-05', '2025-01-09'];
    expect(bucketIndexOf(labels, '2025-01-01')).toBe(0);
    expect(bucketIndexOf(labels, '2025-01-02')).toBe(1);
    expect(bucketIndexOf(labels, '2025-01-09')).toBe(2);
    expect(bucketIndexOf(labels, '2025-01-10')).toBe(-1);
  });
});

describe('downsampleReply', () => {
  const reply = (count: number) => ({
    track: { name: 'bad guy' },
    chart_data: {
      labels: days(count),
      datasets: [{ label: 'bad guy on Spotify', data: Array.from({ length: count }, (_, index) => 100 + index), tension: 0.1 }],
    },
    data_events: [{ type: 'provisional', date: addDays('2016-01-01', count - 1), platform: 'spotify' }],
  });

  it('is the very same reply, so the same JSON, when no dataset is longer than the maximum or none is asked', () => {
    const full = reply(30);
    expect(downsampleReply(full, 30, 'cumulative')).toBe(full);
    expect(downsampleReply(full, undefined, 'daily')).toBe(full);
  });

  it('down-samples every dataset on shared labels, keeps the other keys and says what it did last', () => {
    const full = reply(31);
    const sampled = downsampleReply(full, 4, 'cumulative');
    expect(sampled.chart_data.labels).toEqual(['2016-01-01', '2016-01-11', '2016-01-21', '2016-01-31']);
    expect(sampled.chart_data.datasets).toEqual([{ label: 'bad guy on Spotify', data: [100, 110, 120, 130], tension: 0.1 }]);
    expect(sampled.data_events).toEqual(full.data_events);
    expect(Object.keys(sampled)).toEqual(['track', 'chart_data', 'data_events', 'downsampled']);
    expect(sampled).toMatchObject({ downsampled: { method: 'last', points: 4, from_points: 31 } });
    expect(downsampleReply(full, 4, 'avg7').chart_data.datasets[0]?.data).toEqual([100, 105.5, 115.5, 125.5]);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/dates';
import { forecastRates } from './forecast';
import { insights } from './insights';
import { spikes } from './spikes';
import { trend } from './trend';
import { changeOver, meanOver, median, quantile, rateWindows } from './windows';

const days = (start: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(start, i));
/** Cumulative values from a start and the change of each following day. */
const cumulative = (start: number, changes: readonly number[]): number[] => changes.reduce<number[]>((all, change) => [...all, (all.at(-1) as number) + change], [start]);

describe('windows', () => {
  const windows = rateWindows([1, 2, null, 4]);
  it('sums and counts ranges of days, a drop day counting as none', () => {
    expect(windows.sum(0, 4)).toBe(7);
    expect(windows.days(0, 4)).toBe(3);
    expect(meanOver(windows, 4, 1, 4)).toBe(3);
    expect(meanOver(windows, 4, -1, 4)).toBeNull();
    expect(changeOver(windows, 4, 0, 2)).toBe(3);
    expect(changeOver(windows, 4, 2, 5)).toBeNull();
  });

  it('gives medians and interpolated quantiles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBe(14);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBe(46);
  });
});

describe('trend', () => {
  // 28 days at +10, then 28 days at +20: the last 28 days doubled the 28 before, the last 7 equal the 7 before.
  const values = cumulative(1000, [...Array<number>(28).fill(10), ...Array<number>(28).fill(20)]);
  const dates = days('2025-01-01', values.length);

  it('gives the latest total, the changes over 7 and 28 days and their growth in percent', () => {
    expect(trend(dates, values)).toEqual({
      latest_date: '2025-02-26',
      latest_value: 1000 + 280 + 560,
      change_7d: 140,
      change_28d: 560,
      growth_7d: 0,
      growth_28d: 100,
    });
  });

  it('is null where the data does not reach back far enough, and leaves a drop out of the changes', () => {
    const short = [100, 110, 120, 60, 70];
    expect(trend(days('2025-01-01', 5), short)).toEqual({
      latest_date: '2025-01-05',
      latest_value: 70,
      change_7d: null,
      change_28d: null,
      growth_7d: null,
      growth_28d: null,
    });
    const withDrop = [...values.slice(0, -3), (values.at(-3) as number) - 500, (values.at(-2) as number) - 500, (values.at(-1) as number) - 500];
    expect(trend(dates, withDrop).change_7d).toBe(120);
  });

  it('has no growth against a period without increase, and nothing for an empty series', () => {
    const flatThenUp = cumulative(0, [...Array<number>(7).fill(0), ...Array<number>(7).fill(5)]);
    expect(trend(days('2025-01-01', flatThenUp.length), flatThenUp).growth_7d).toBeNull();
    expect(trend([], []).latest_value).toBeNull();
  });
});

describe('spikes', () => {
  it('finds a day far above a flat baseline', () => {
    const values = cumulative(0, [...Array<number>(30).fill(10), 100, 10]);
    expect(spikes(days('2025-01-01', values.length), values)).toEqual([{ date: '2025-02-01', change: 100, baseline: 10, score: 90 }]);
  });

  it('scores against the median and MAD of the 28 days before', () => {
    // Baseline alternates 10 and 14: median 12, MAD 2. 30 scores 0.6745 x 18 / 2 = 6.07; 20 scores 2.70.
    const values = cumulative(0, [...Array.from({ length: 28 }, (_, i) => (i % 2 === 0 ? 10 : 14)), 30]);
    expect(spikes(days('2025-01-01', values.length), values)).toEqual([{ date: '2025-01-30', change: 30, baseline: 12, score: 6.07 }]);
    const smaller = cumulative(0, [...Array.from({ length: 28 }, (_, i) => (i % 2 === 0 ? 10 : 14)), 20]);
    expect(spikes(days('2025-01-01', smaller.length), smaller)).toEqual([]);
  });

  it('does not call a launch or a steady climb a spike', () => {
    const launch = cumulative(0, [5000, 3000, 2000, ...Array<number>(40).fill(500)]);
    expect(spikes(days('2025-01-01', launch.length), launch)).toEqual([]);
    const climb = cumulative(0, Array.from({ length: 60 }, (_, i) => 100 + 5 * i));
    expect(spikes(days('2025-01-01', climb.length), climb)).toEqual([]);
  });

  it('does not call the return after a stale stretch (flat days) a spike', () => {
    const values = cumulative(0, [...Array<number>(20).fill(500), ...Array<number>(30).fill(0), ...Array<number>(10).fill(520)]);
    expect(spikes(days('2025-01-01', values.length), values)).toEqual([]);
  });

  it('dates a spike on its first day and takes the days that stay high as its tail', () => {
    const values = cumulative(0, [...Array<number>(30).fill(100), 800, 600, 400, 250, 140, 100, 100, 900]);
    expect(spikes(days('2025-01-01', values.length), values).map((spike) => [spike.date, spike.change])).toEqual([
      ['2025-02-01', 800],
      ['2025-02-08', 900],
    ]);
  });

  it('judges only days with their own point, not a change spread over a gap, and never a drop', () => {
    const values: (number | null)[] = cumulative(0, [...Array<number>(30).fill(10), 500, 10]);
    values[30] = null;
    expect(spikes(days('2025-01-01', values.length), values)).toEqual([]);
    const dropped = cumulative(0, [...Array<number>(30).fill(10), -100, 10]);
    expect(spikes(days('2025-01-01', dropped.length), dropped)).toEqual([]);
  });
});

describe('forecastRates', () => {
  it('carries the 28-day mean forward, its interval as tight as its record', () => {
    const forecast = forecastRates(Array<number>(120).fill(10), 120, 3);
    expect(forecast).toEqual({ method: 'mean-28d', increase: [10, 20, 30], lower: [10, 20, 30], upper: [10, 20, 30] });
  });

  it('widens the interval by the ratios of earlier forecasts to what came', () => {
    // Weeks alternate between 7 and 13 a day: the 28-day mean is 10, the next 7 days are 70 or 91.
    const rates = Array.from({ length: 196 }, (_, i) => (Math.floor(i / 7) % 2 === 0 ? 7 : 13));
    const forecast = forecastRates(rates, 196, 7);
    expect(forecast.increase[6]).toBe(70);
    expect(forecast.lower[6]).toBeCloseTo(49);
    expect(forecast.upper[6]).toBeCloseTo(91);
  });

  it('falls back on the last 7 days with a fixed interval before 28 days of changes', () => {
    expect(forecastRates([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, 2)).toEqual({ method: 'naive-7d', increase: [7, 14], lower: [3.5, 7], upper: [10.5, 21] });
  });
});

describe('insights', () => {
  it('forecasts the total for each day after as_of, counting the days since the latest point', () => {
    const values = cumulative(1000, Array<number>(60).fill(10));
    const dates = days('2025-01-01', values.length);
    const result = insights(dates, values, '2025-03-04', 2);
    // The latest point is 2025-03-02 at 1600; as_of is two days later, so 2025-03-05 is 3 days of +10 ahead.
    // Two months allow only 4 earlier forecasts, too few for a record: the interval is half to 1.5 times the increase.
    expect(result.forecast).toEqual({ method: 'mean-28d', labels: ['2025-03-05', '2025-03-06'], value: [1630, 1640], lower: [1615, 1620], upper: [1645, 1660] });
    expect(result.spikes).toEqual([]);
    expect(result.drops).toEqual([]);
  });

  it('reports drops and has no forecast for a single point', () => {
    expect(insights(['2025-01-01', '2025-01-02'], [100, 40], '2025-01-02', 1).drops).toEqual([{ date: '2025-01-02', change: -60 }]);
    expect(insights(['2025-01-01'], [100], '2025-01-01', 1).forecast).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyValueMode, dailyChange, indexToFirst, positiveOnly, sevenDayAverage, transformSeries } from './value-modes';
import { addDays } from '@/lib/dates';

const days = (start: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(start, i));

describe('dailyChange', () => {
  it('is the difference with the day before, null on the first point', () => {
    expect(dailyChange(days('2025-07-21', 3), [2_763_701_395, 2_764_225_348, 2_764_759_050])).toEqual([
      null,
      523_953,
      533_702,
    ]);
  });

  it('spreads the change over a gap of missing days and leaves the missing days empty', () => {
    const dates = days('2025-01-01', 5);
    expect(dailyChange(dates, [100, null, null, 400, 410])).toEqual([null, null, null, 100, 10]);
  });

  it('measures gaps in calendar days, even when the dates list itself skips them', () => {
    expect(dailyChange(['2025-01-01', '2025-01-05', '2025-01-06'], [0, 400, 401])).toEqual([null, 100, 1]);
  });

  it('shows no change on a day the total fell, rather than a loss', () => {
    expect(dailyChange(days('2025-01-01', 3), [500, 450, 460])).toEqual([null, null, 10]);
  });

  it('gives nothing for an empty or all-null series', () => {
    expect(dailyChange([], [])).toEqual([]);
    expect(dailyChange(days('2025-01-01', 2), [null, null])).toEqual([null, null]);
  });
});

describe('sevenDayAverage', () => {
  it('is the change over the last 7 days divided by 7, once 7 days of history exist', () => {
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 94];
    expect(sevenDayAverage(days('2025-01-01', 9), values)).toEqual([null, null, null, null, null, null, null, 10, 12]);
  });

  it('reads the value 7 days back off the line between the points around a gap', () => {
    // Day 0 = 0, days 1-9 missing, day 10 = 1000: the 7 days ending on day 10 hold 700 of it.
    const dates = days('2025-01-01', 11);
    const values: (number | null)[] = [0, null, null, null, null, null, null, null, null, null, 1000];
    expect(sevenDayAverage(dates, values)[10]).toBeCloseTo(100);
  });

  it('equals the mean of the spread daily changes of the same 7 days (property)', () => {
    const series = fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.boolean()), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(series, (steps) => {
        let total = 1_000;
        const values = steps.map(([increment, present], index) => {
          total += increment;
          return present || index === 0 ? total : null;
        });
        const dates = days('2024-02-20', values.length);
        const averages = sevenDayAverage(dates, values);
        // Spread daily changes on every day, missing ones included, from the known points.
        const perDay: (number | null)[] = values.map(() => null);
        let previous: number | undefined;
        values.forEach((value, index) => {
          if (value === null) return;
          if (previous !== undefined) {
            const rate = (value - (values[previous] as number)) / (index - previous);
            for (let day = previous + 1; day <= index; day += 1) perDay[day] = rate;
          }
          previous = index;
        });
        averages.forEach((average, index) => {
          if (values[index] === null) return expect(average).toBeNull();
          const window = perDay.slice(index - 6, index + 1);
          if (index < 7) return expect(average).toBeNull();
          const expected = window.reduce<number>((sum, rate) => sum + (rate ?? 0), 0) / 7;
          expect(average).toBeCloseTo(expected, 6);
        });
      }),
    );
  });
});

describe('indexToFirst', () => {
  it('puts the first value at 100 and scales the rest', () => {
    expect(indexToFirst([null, 200, 300, null, 100])).toEqual([null, 100, 150, null, 50]);
  });

  it('skips a zero or negative start, which cannot be a base', () => {
    expect(indexToFirst([0, -5, 50, 75])).toEqual([0, -10, 100, 150]);
  });

  it('is all null when no value can be a base', () => {
    expect(indexToFirst([null, 0, -1])).toEqual([null, null, null]);
  });
});

describe('positiveOnly', () => {
  it('drops values a logarithmic axis cannot show', () => {
    expect(positiveOnly([5, 0, -3, null, 1])).toEqual([5, null, null, null, 1]);
  });
});

describe('transformSeries', () => {
  const dates = days('2025-06-28', 10);
  const spotify = [0, 10, 20, 30, 40, 50, 60, 70, 80, 100];
  const shazam: (number | null)[] = [null, null, null, 5, 6, null, 8, 9, 10, 11];

  it('uses the days before the range for the first changes, then cuts them', () => {
    const result = transformSeries(dates, [spotify], { mode: 'daily', scale: 'linear', startDate: '2025-07-06' });
    expect(result).toEqual({ dates: ['2025-07-06', '2025-07-07'], series: [[10, 20]] });
  });

  it('indexes each series to its own first value inside the range', () => {
    const result = transformSeries(dates, [spotify, shazam], { mode: 'cumulative', scale: 'indexed', startDate: '2025-07-03' });
    expect(result.dates).toEqual(dates.slice(5));
    expect(result.series).toEqual([
      [100, 120, 140, 160, 200],
      [null, 100, 112.5, 125, 137.5],
    ]);
  });

  it('gives empty series when the range starts after the last date', () => {
    expect(transformSeries(dates, [spotify], { mode: 'average7', scale: 'log', startDate: '2026-01-01' })).toEqual({
      dates: [],
      series: [[]],
    });
  });

  it('leaves cumulative values untouched on a linear axis', () => {
    expect(applyValueMode(dates, shazam, 'cumulative')).toEqual(shazam);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/dates';
import { changeSteps, dailyChange, dailyRates, drops, trailingMean } from './daily-change';

const days = (start: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(start, i));

describe('changeSteps', () => {
  it('gives one step per pair of consecutive known points, across gaps', () => {
    expect(changeSteps(days('2025-01-01', 4), [100, null, 130, 120])).toEqual([
      { index: 2, date: '2025-01-03', fromDay: 20089, toDay: 20091, change: 30, drop: false },
      { index: 3, date: '2025-01-04', fromDay: 20091, toDay: 20092, change: -10, drop: true },
    ]);
  });
});

describe('dailyChange', () => {
  it('is null on the launch day, which has nothing before it', () => {
    expect(dailyChange(days('2025-03-01', 3), [null, 5_000, 5_600])).toEqual([null, null, 600]);
  });

  it('is zero on flat days, when the source repeats its total', () => {
    expect(dailyChange(days('2025-03-01', 4), [10, 10, 10, 13])).toEqual([null, 0, 0, 3]);
  });

  it('spreads a gap: 100 then 400 three days later is 100 a day, the missing days stay empty', () => {
    expect(dailyChange(days('2025-01-01', 5), [100, null, null, 400, 410])).toEqual([null, null, null, 100, 10]);
  });

  it('is null on a drop, including a drop across a gap, and goes on from the new level', () => {
    // 182.99M to 91.55M overnight, then +0.2M; later 91.75M to 91.70M across a two-day gap.
    const values = [182_990_000, 91_550_000, 91_750_000, null, 91_700_000, 91_800_000];
    expect(dailyChange(days('2025-05-01', 6), values)).toEqual([null, null, 200_000, null, null, 100_000]);
  });
});

describe('drops', () => {
  it('lists each fall with its whole size, dated on the first day seen lower', () => {
    const values = [182_990_000, 91_550_000, 91_750_000, null, 91_700_000, 91_800_000];
    expect(drops(days('2025-05-01', 6), values)).toEqual([
      { date: '2025-05-02', change: -91_440_000 },
      { date: '2025-05-05', change: -50_000 },
    ]);
  });

  it('is empty for a series that never falls (flat days are not drops)', () => {
    expect(drops(days('2025-05-01', 3), [1, 1, 2])).toEqual([]);
  });
});

describe('trailingMean', () => {
  it('is the mean of the last 7 daily changes once a point lies 7 days back', () => {
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 94];
    expect(trailingMean(days('2025-01-01', 9), values, 7)).toEqual([null, null, null, null, null, null, null, 10, 12]);
  });

  it('counts the days of a gap at their spread rate', () => {
    // Day 0 = 0, days 1-9 missing, day 10 = 1000 (100 a day), day 11 = 1030.
    const values: (number | null)[] = [0, null, null, null, null, null, null, null, null, null, 1000, 1030];
    const result = trailingMean(days('2025-01-01', 12), values, 7);
    expect(result[10]).toBe(100);
    expect(result[11]).toBe((6 * 100 + 30) / 7);
  });

  it('leaves the days of a drop out of the mean', () => {
    // Changes +10 x6, then a drop of 500, then +10: the window ending on day 8 averages its six rising days.
    const values = [1000, 1010, 1020, 1030, 1040, 1050, 1060, 560, 570];
    const result = trailingMean(days('2025-01-01', 9), values, 7);
    expect(result[7]).toBe(10);
    expect(result[8]).toBe(10);
  });

  it('is null when every day of the window is a drop', () => {
    expect(trailingMean(days('2025-01-01', 3), [10, 5, 1], 1)).toEqual([null, null, null]);
  });

  it('waits for a full window after a launch, and averages flat days as zero', () => {
    const values = [null, null, 100, 100, 100, 100, 128];
    expect(trailingMean(days('2025-01-01', 7), values, 4)).toEqual([null, null, null, null, null, null, 7]);
  });

  it('gives 28-day means the same way', () => {
    const values = days('2025-01-01', 30).map((_, index) => index * 3);
    const result = trailingMean(days('2025-01-01', 30), values, 28);
    expect(result.slice(27)).toEqual([null, 3, 3]);
  });
});

describe('dailyRates', () => {
  it('gives the spread change on every calendar day, null on the days of a drop', () => {
    expect(dailyRates(days('2025-01-01', 6), [100, null, 130, 120, null, 124])).toEqual({
      firstDay: 20090,
      rates: [15, 15, null, 2, 2],
    });
  });

  it('is empty with fewer than two known points', () => {
    expect(dailyRates(days('2025-01-01', 2), [null, 5])).toEqual({ firstDay: 0, rates: [] });
  });
});

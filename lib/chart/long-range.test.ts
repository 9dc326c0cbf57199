import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/dates';
import { chartLines, markerIndexes, tableLines } from './long-range';

const days = (count: number): string[] => Array.from({ length: count }, (_, index) => addDays('2016-01-01', index));

describe('chartLines', () => {
  it('leaves a view of at most the maximum as it is, the same arrays', () => {
    const view = { dates: days(5), series: [[1, 2, 3, 4, 5]] };
    const lines = chartLines(view, 'cumulative', 5);
    expect(lines.dates).toBe(view.dates);
    expect(lines.series[0]).toBe(view.series[0]);
    expect(lines.daysPerPoint).toBeUndefined();
  });

  it('down-samples a longer view: totals at the end of each bucket, daily figures averaged', () => {
    const view = { dates: days(10), series: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]] };
    expect(chartLines(view, 'cumulative', 4)).toEqual({ dates: [view.dates[0], view.dates[3], view.dates[6], view.dates[9]], series: [[1, 4, 7, 10]], daysPerPoint: 3 });
    expect(chartLines(view, 'average7', 4).series).toEqual([[1, 3, 6, 9]]);
  });
});

describe('markerIndexes', () => {
  it('marks the bucket holding each day, once, and nothing outside the chart', () => {
    const dates = ['2025-01-01', '2025-01-05', '2025-01-09'];
    expect(markerIndexes(dates, new Set(['2025-01-03', '2025-01-04', '2025-01-09', '2025-01-10', '2024-12-31']))).toEqual([1, 2]);
    expect(markerIndexes(dates, undefined)).toEqual([]);
  });
});

describe('tableLines', () => {
  const view = { dates: days(6), series: [[1, null, 3, 4, 5, 6], [null, null, 30, null, 50, null]] };

  it('keeps the latest days with a value and counts them all', () => {
    expect(tableLines(view, false, false, 3)).toEqual({ dates: view.dates.slice(3), series: [[4, 5, 6], [null, 50, null]], dayCount: 5 });
  });

  it('keeps every day, the same arrays, when asked to, when they fit or when the chart has them all anyway', () => {
    expect(tableLines(view, true, false, 3)).toEqual({ ...view, dayCount: 5 });
    expect(tableLines(view, false, false, 5).series[0]).toBe(view.series[0]);
    expect(tableLines(view, false, true, 3).series[1]).toBe(view.series[1]);
  });
});

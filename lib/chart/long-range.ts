import { bucketIndexOf, downsampleSeries } from './downsample';
import type { BucketMethod } from './downsample';
import type { ValueMode } from './value-modes';

/**
 * What the track page sends of a long range. The chart draws at most TRACK_CHART_POINTS (400)
 * points a line (lib/chart/downsample.ts): a chart is about a thousand pixels wide, so more points
 * only overlap, and ten years of eight platforms at full resolution made the page half a megabyte.
 * The table keeps full resolution, every day exact: the latest TABLE_FIRST_ROWS days with data come
 * with the page, every day with the table's "Show all" (table=all in the URL) or the CSV and Excel
 * exports.
 */
export const TABLE_FIRST_ROWS = 92;

export type Lines = { dates: string[]; series: (number | null)[][] };

/** Totals are read at the end of each bucket; daily changes and their averages are averaged over it. */
function pageBucketMethod(mode: ValueMode): BucketMethod {
  return mode === 'cumulative' ? 'last' : 'mean';
}

/**
 * The chart's lines: the view's own when it has at most `maxPoints` days, else down-sampled,
 * with how many days a point stands for (the longest bucket), to say so under the chart.
 */
export function chartLines(view: Lines, mode: ValueMode, maxPoints: number): Lines & { daysPerPoint: number | undefined } {
  const sampled = downsampleSeries(view.dates, view.series, maxPoints, pageBucketMethod(mode));
  if (!sampled) return { ...view, daysPerPoint: undefined };
  return { dates: sampled.labels, series: sampled.series, daysPerPoint: Math.ceil((view.dates.length - 1) / (maxPoints - 1)) };
}

/** Indices in the chart's dates of the buckets holding these days (spike markers), each once. */
export function markerIndexes(chartDates: readonly string[], days: ReadonlySet<string> | undefined): number[] {
  if (!days || days.size === 0) return [];
  const indexes = new Set<number>();
  for (const day of days) {
    const index = bucketIndexOf(chartDates, day);
    if (index !== -1 && (chartDates[0] ?? '') <= day) indexes.add(index);
  }
  return [...indexes].sort((a, b) => a - b);
}

/**
 * The table's days: the latest `firstRows` days on which a line has a value, oldest first as the
 * chart's, or all of them; with how many such days there are in all. When the chart is sent every
 * day anyway (`chartHasEveryDay`), the table is given the very same arrays, which the page then
 * carries once, and shows its latest rows itself.
 */
export function tableLines(view: Lines, all: boolean, chartHasEveryDay: boolean, firstRows: number = TABLE_FIRST_ROWS): Lines & { dayCount: number } {
  const withData: number[] = [];
  view.dates.forEach((_, index) => {
    if (view.series.some((values) => values[index] !== null && values[index] !== undefined)) withData.push(index);
  });
  if (all || chartHasEveryDay || withData.length <= firstRows) return { ...view, dayCount: withData.length };
  const kept = withData.slice(-firstRows);
  return {
    dates: kept.map((index) => view.dates[index] ?? ''),
    series: view.series.map((values) => kept.map((index) => values[index] ?? null)),
    dayCount: withData.length,
  };
}

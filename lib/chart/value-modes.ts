import { dailyChange as analyticsDailyChange, trailingMean } from '@/lib/analytics/daily-change';

/**
 * Pure transforms from stored cumulative values to what the chart shows. A series is a list of
 * values aligned with `dates` (ISO dates, ascending, no repeats); null means no point that day.
 *
 * Missing days: SoundCharts sometimes skips days. A cumulative total only grows between two known
 * points, and we cannot tell on which of the missing days it grew, so the change between them is
 * spread evenly over the days in between. The daily change on a known day after a gap of k days is
 * therefore (value - previous value) / k: the average per day, comparable with its neighbours,
 * instead of one spike k times too tall. Days without a point stay null (nothing is invented for
 * them); the chart draws its line across them.
 */

export const valueModes = ['cumulative', 'daily', 'average7'] as const;
export type ValueMode = (typeof valueModes)[number];

export const scaleModes = ['linear', 'log', 'indexed'] as const;
export type ScaleMode = (typeof scaleModes)[number];

export type SeriesValues = readonly (number | null)[];

/**
 * The daily change and its 7-day average come from lib/analytics/daily-change.ts, the one place
 * that derives the change, so the page, the API and the exports treat gaps and drops alike.
 */
export function dailyChange(dates: readonly string[], values: SeriesValues): (number | null)[] {
  return analyticsDailyChange(dates, values);
}

export function sevenDayAverage(dates: readonly string[], values: SeriesValues): (number | null)[] {
  return trailingMean(dates, values, 7);
}

export function applyValueMode(dates: readonly string[], values: SeriesValues, mode: ValueMode): (number | null)[] {
  if (mode === 'daily') return dailyChange(dates, values);
  if (mode === 'average7') return sevenDayAverage(dates, values);
  return [...values];
}

/**
 * Each value as a percentage of the series' first value in the range, so platforms a thousand
 * times apart share one axis. The base is the first non-null value that is above zero: a zero or
 * negative base has no meaningful percentage, so the series is all null when there is none.
 */
export function indexToFirst(values: SeriesValues): (number | null)[] {
  const base = values.find((value): value is number => value !== null && value > 0);
  if (base === undefined) return values.map(() => null);
  return values.map((value) => (value === null ? null : (value / base) * 100));
}

/** A logarithmic axis cannot place zero or negative values; they become gaps rather than errors. */
export function positiveOnly(values: SeriesValues): (number | null)[] {
  return values.map((value) => (value !== null && value > 0 ? value : null));
}

/** A series as drawn on a scale: indexed to its first positive value, positive values only on a logarithmic axis. */
export function applyScale(values: SeriesValues, scale: ScaleMode): (number | null)[] {
  if (scale === 'indexed') return indexToFirst(values);
  if (scale === 'log') return positiveOnly(values);
  return [...values];
}

export type TransformedSeries = { dates: string[]; series: (number | null)[][] };

/**
 * The whole pipeline for several series on shared dates. `dates` may start before `startDate`:
 * those earlier days feed the daily and 7-day figures of the first days in range, then are cut.
 * Indexing happens after the cut, so 100 is the first value inside the range.
 */
export function transformSeries(
  dates: readonly string[],
  series: readonly SeriesValues[],
  options: { mode: ValueMode; scale: ScaleMode; startDate: string },
): TransformedSeries {
  const first = dates.findIndex((date) => date >= options.startDate);
  const from = first === -1 ? dates.length : first;
  return {
    dates: dates.slice(from),
    series: series.map((values) => applyScale(applyValueMode(dates, values, options.mode).slice(from), options.scale)),
  };
}

import { toDayNumber } from '@/lib/dates';

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

// The series of one chart share their dates array: its day numbers are worked out once for all of them.
const dayNumberCache = new WeakMap<readonly string[], number[]>();

function dayNumbers(dates: readonly string[]): number[] {
  let days = dayNumberCache.get(dates);
  if (!days) {
    days = dates.map(toDayNumber);
    dayNumberCache.set(dates, days);
  }
  return days;
}

/** Indices of the days that have a value, in order. */
function knownIndices(values: SeriesValues): number[] {
  const known: number[] = [];
  values.forEach((value, index) => {
    if (value !== null) known.push(index);
  });
  return known;
}

/** Change per day since the previous known point, spread over any gap; null on the first point. */
export function dailyChange(dates: readonly string[], values: SeriesValues): (number | null)[] {
  const result: (number | null)[] = values.map(() => null);
  const days = dayNumbers(dates);
  let previous: number | undefined;
  for (const index of knownIndices(values)) {
    if (previous !== undefined) {
      const gap = (days[index] as number) - (days[previous] as number);
      result[index] = ((values[index] as number) - (values[previous] as number)) / gap;
    }
    previous = index;
  }
  return result;
}

/**
 * Average daily change over the 7 days ending on each known day: (value today - value 7 days
 * earlier) / 7. When the day 7 days earlier has no point, its value is read off the straight line
 * between the known points around it, which is the same gap rule as dailyChange, so the average
 * equals the mean of the spread daily changes. Null until there is a point 7 days back or earlier.
 */
export function sevenDayAverage(dates: readonly string[], values: SeriesValues): (number | null)[] {
  const result: (number | null)[] = values.map(() => null);
  const known = knownIndices(values);
  const days = dayNumbers(dates);
  const dayOf = (position: number): number => days[known[position] as number] as number;
  let before = 0;
  for (let k = 0; k < known.length; k += 1) {
    const index = known[k] as number;
    const day = dayOf(k);
    // `before` walks forward: the last known point at or before day - 7.
    while (before + 1 < k && day - dayOf(before + 1) >= 7) before += 1;
    const startIndex = known[before] as number;
    const back = day - dayOf(before);
    if (k === 0 || back < 7) continue;
    const startValue = values[startIndex] as number;
    const nextIndex = known[before + 1] as number;
    const span = dayOf(before + 1) - dayOf(before);
    const nextValue = values[nextIndex] as number;
    const valueSevenDaysBack = startValue + ((nextValue - startValue) * (back - 7)) / span;
    result[index] = ((values[index] as number) - valueSevenDaysBack) / 7;
  }
  return result;
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
    series: series.map((values) => {
      const inRange = applyValueMode(dates, values, options.mode).slice(from);
      if (options.scale === 'indexed') return indexToFirst(inRange);
      if (options.scale === 'log') return positiveOnly(inRange);
      return inRange;
    }),
  };
}

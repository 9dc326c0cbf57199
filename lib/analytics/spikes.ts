import { changeSteps, dailyRates } from './daily-change';
import type { SeriesValues } from './daily-change';

/** The median of values already sorted ascending. */
function sortedMedian(sorted: Float64Array): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Days whose daily change stands out against the series' own recent past. The baseline of a day is
 * the median of the daily changes of the 28 days before it, its spread the median absolute
 * deviation (MAD), both robust to the outliers being looked for. A day is a spike when its modified
 * z-score, 0.6745 x (change - median) / MAD, is at least 3.5 (the usual cut-off for that score),
 * and its change is at least 1.5 times the baseline, so that a very regular series' small bumps
 * are not called spikes. Only upward: a day below its baseline is usually a stale source.
 *
 * A launch is not a spike: a day needs 14 days of baseline before it is judged. A steady climb is
 * not one either: each day is close to the days just before it. Only days with their own point
 * are judged: a change spread over a gap is an average, not a day's figure. Flat days (the total
 * repeated) are the source standing still, not a quiet audience, so they are left out of the
 * baseline: the days after a stale stretch are not spikes. A spike is dated on its first day; the
 * days after it that stay at 1.5 times their baseline or more are its tail, not new spikes.
 */
export type Spike = { date: string; change: number; baseline: number; score: number };

/**
 * Puts `value` in its place among the first `count` values of `sorted` (ascending). At 28 values,
 * insertion as they come is several times faster than a typed array's sort.
 */
function insertSorted(sorted: Float64Array, count: number, value: number): void {
  let index = count;
  while (index > 0 && (sorted[index - 1] as number) > value) {
    sorted[index] = sorted[index - 1] as number;
    index -= 1;
  }
  sorted[index] = value;
}

/** Takes one `value` out of the first `count` values of `sorted`, which holds it. */
function removeSorted(sorted: Float64Array, count: number, value: number): void {
  let index = 0;
  while (index < count && sorted[index] !== value) index += 1;
  for (; index < count - 1; index += 1) sorted[index] = sorted[index + 1] as number;
}

/**
 * The median of |value - median| over values sorted ascending, without sorting the deviations:
 * those below the median grow leftwards and those above it rightwards, so merging the two runs
 * from the median outwards yields them in order.
 */
function medianDeviation(sorted: Float64Array, median: number): number {
  const count = sorted.length;
  let right = 0;
  while (right < count && (sorted[right] as number) < median) right += 1;
  let left = right - 1;
  let previous = 0;
  let current = 0;
  for (let taken = 0; taken <= count >> 1; taken += 1) {
    previous = current;
    const below = left >= 0 ? median - (sorted[left] as number) : Number.POSITIVE_INFINITY;
    const above = right < count ? (sorted[right] as number) - median : Number.POSITIVE_INFINITY;
    if (below <= above) {
      current = below;
      left -= 1;
    } else {
      current = above;
      right += 1;
    }
  }
  return count % 2 === 1 ? current : (previous + current) / 2;
}

type Baseline = { moveTo: (start: number, end: number) => Float64Array };

/**
 * The known, non-zero daily changes of the days [start, end), sorted, as the stretch slides
 * forward: each day enters and leaves once, where rebuilding the 28 days for every judged day
 * was most of the track page's render time on a decade of data.
 */
function slidingBaseline(rates: readonly (number | null)[]): Baseline {
  const sorted = new Float64Array(BASELINE_DAYS);
  let count = 0;
  let from = 0;
  let to = 0;
  const counted = (rate: number | null | undefined): rate is number => rate !== null && rate !== undefined && rate !== 0;
  return {
    moveTo: (start, end) => {
      for (; from < start && from < to; from += 1) {
        const rate = rates[from];
        if (counted(rate)) {
          removeSorted(sorted, count, rate);
          count -= 1;
        }
      }
      if (from < start) {
        from = start;
        to = start;
      }
      for (; to < end; to += 1) {
        const rate = rates[to];
        if (counted(rate)) {
          insertSorted(sorted, count, rate);
          count += 1;
        }
      }
      return sorted.subarray(0, count);
    },
  };
}

const SPIKE_SCORE = 3.5;
const SPIKE_RATIO = 1.5;
const BASELINE_DAYS = 28;
const MIN_BASELINE_DAYS = 14;
// Turns the MAD into a standard deviation's scale for normally distributed changes.
const MAD_SCALE = 0.6745;

export function spikes(dates: readonly string[], values: SeriesValues): Spike[] {
  const { firstDay, rates } = dailyRates(dates, values);
  const found: Spike[] = [];
  let inRun = false;
  const baseline28 = slidingBaseline(rates);
  for (const step of changeSteps(dates, values)) {
    // A day not judged (after a gap) neither starts nor ends a run.
    if (step.drop || step.toDay - step.fromDay !== 1) continue;
    const at = step.toDay - firstDay;
    const window = baseline28.moveTo(Math.max(0, at - BASELINE_DAYS), at);
    if (window.length < MIN_BASELINE_DAYS) {
      inRun = false;
      continue;
    }
    const baseline = sortedMedian(window);
    const mad = medianDeviation(window, baseline);
    // A flat baseline has no spread: one unit (a stream, a view) stands in for it, so the score stays finite.
    const scale = Math.max(mad, MAD_SCALE);
    const score = (MAD_SCALE * (step.change - baseline)) / scale;
    const elevated = step.change >= SPIKE_RATIO * baseline;
    if (!inRun && elevated && score >= SPIKE_SCORE) {
      found.push({ date: step.date, change: step.change, baseline, score: Math.round(score * 100) / 100 });
      inRun = true;
    } else if (!elevated) {
      inRun = false;
    }
  }
  return found;
}

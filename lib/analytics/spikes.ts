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
 * insertion as they come is several times faster than a typed array's sort called twice a day,
 * which was most of the track page's time on a decade of data.
 */
function insertSorted(sorted: Float64Array, count: number, value: number): void {
  let index = count;
  while (index > 0 && (sorted[index - 1] as number) > value) {
    sorted[index] = sorted[index - 1] as number;
    index -= 1;
  }
  sorted[index] = value;
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
  // Reused for every day: a page of eight platforms over three years judges some 8,000 days.
  const baseline28 = new Float64Array(BASELINE_DAYS);
  const deviations = new Float64Array(BASELINE_DAYS);
  for (const step of changeSteps(dates, values)) {
    // A day not judged (after a gap) neither starts nor ends a run.
    if (step.drop || step.toDay - step.fromDay !== 1) continue;
    const at = step.toDay - firstDay;
    let count = 0;
    for (let day = Math.max(0, at - BASELINE_DAYS); day < at; day += 1) {
      const rate = rates[day];
      if (rate !== null && rate !== undefined && rate !== 0) {
        insertSorted(baseline28, count, rate);
        count += 1;
      }
    }
    if (count < MIN_BASELINE_DAYS) {
      inRun = false;
      continue;
    }
    const baseline = sortedMedian(baseline28.subarray(0, count));
    for (let index = 0; index < count; index += 1) insertSorted(deviations, index, Math.abs((baseline28[index] as number) - baseline));
    const mad = sortedMedian(deviations.subarray(0, count));
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

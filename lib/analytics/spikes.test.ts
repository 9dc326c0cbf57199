import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/dates';
import { changeSteps, dailyRates } from './daily-change';
import type { SeriesValues } from './daily-change';
import { spikes } from './spikes';
import type { Spike } from './spikes';

function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The rule as spikes.ts states it, each day's 28 days gathered and sorted afresh: slow, plainly right. */
function spikesByDefinition(dates: readonly string[], values: SeriesValues): Spike[] {
  const { firstDay, rates } = dailyRates(dates, values);
  const found: Spike[] = [];
  let inRun = false;
  for (const step of changeSteps(dates, values)) {
    if (step.drop || step.toDay - step.fromDay !== 1) continue;
    const at = step.toDay - firstDay;
    const window = rates
      .slice(Math.max(0, at - 28), at)
      .filter((rate): rate is number => rate !== null && rate !== 0)
      .sort((a, b) => a - b);
    if (window.length < 14) {
      inRun = false;
      continue;
    }
    const baseline = median(window);
    const mad = median(window.map((rate) => Math.abs(rate - baseline)).sort((a, b) => a - b));
    const score = (0.6745 * (step.change - baseline)) / Math.max(mad, 0.6745);
    const elevated = step.change >= 1.5 * baseline;
    if (!inRun && elevated && score >= 3.5) {
      found.push({ date: step.date, change: step.change, baseline, score: Math.round(score * 100) / 100 });
      inRun = true;
    } else if (!elevated) {
      inRun = false;
    }
  }
  return found;
}

/** A cumulative series from daily changes; a null change is a day without a point. */
function series(changes: readonly (number | null)[]): { dates: string[]; values: (number | null)[] } {
  let total = 1_000;
  const values = changes.map((change) => {
    if (change === null) return null;
    total += change;
    return total;
  });
  return { dates: values.map((_, index) => addDays('2024-01-01', index)), values };
}

describe('spikes on a sliding window', () => {
  it('finds exactly the spikes of the rule computed afresh each day, through gaps, flat days, drops and outliers', () => {
    const change = fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 0, max: 200 }) },
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.integer({ min: 500, max: 5_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: -3_000, max: -1 }) },
      { weight: 2, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(fc.array(change, { minLength: 0, maxLength: 400, size: 'max' }), (changes) => {
        const { dates, values } = series(changes);
        expect(spikes(dates, values)).toEqual(spikesByDefinition(dates, values));
      }),
      { numRuns: 300 },
    );
  });
});

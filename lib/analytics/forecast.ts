import { quantile, rateWindows } from './windows';
import type { RateWindows } from './windows';

/**
 * Forecast of a cumulative total, made from its daily rates (lib/analytics/daily-change.ts).
 *
 * Method "mean-28d": the daily change ahead is the mean daily change of the last 28 days. A month
 * smooths the weekday pattern and the day-to-day noise that a week does not. Trends fitted on the
 * months before (a damped ratio of 28, 56, 91 or 182-day means) did worse in bench/forecast.ts:
 * the decay after a release is slow next to the noise in any estimate of it.
 *
 * The 80% interval is the series' own record: the same forecast made at earlier days (every 7 days
 * back, at most 104 of them), the ratio of what came to what it said, and the 10th and 90th
 * percentiles of those ratios applied to today's forecast, horizon by horizon. With fewer than 8
 * earlier forecasts the interval is a fixed half to one and a half times the forecast increase.
 *
 * With less than 28 days of changes the method is "naive-7d": the mean change of the last 7 days
 * (or of what there is) carried forward, with the fixed interval.
 */

export type RateForecast = { method: string; increase: number[]; lower: number[]; upper: number[] };

const LEVEL_DAYS = 28;
const NAIVE_DAYS = 7;
const ORIGIN_STEP = 7;
const MAX_ORIGINS = 104;
const MIN_ORIGINS = 8;
const FALLBACK_BAND = [0.5, 1.5] as const;

type Model = { level: number };

function meanRate(windows: RateWindows, from: number, to: number): number | null {
  if (from < 0) return null;
  const days = windows.days(from, to);
  return days === 0 ? null : windows.sum(from, to) / days;
}

/** The model from the rates known before day index `end`; undefined without 28 days of them. */
function fitModel(windows: RateWindows, end: number): Model | undefined {
  const level = meanRate(windows, end - LEVEL_DAYS, end);
  return level === null ? undefined : { level };
}

/** Predicted increase over the next 1, 2, ... `horizon` days: element h - 1 is the increase over h days. */
function modelIncreases(model: Model, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, index) => model.level * (index + 1));
}

/** The naive forecast: the mean change of the last 7 days, carried forward; null without one. */
export function naiveIncrease(rates: readonly (number | null)[], end: number, h: number): number | null {
  const mean = meanRate(rateWindows(rates.slice(0, end)), end - NAIVE_DAYS, end);
  return mean === null ? null : mean * h;
}

/** The increases the model predicts from day index `end` for the next `horizon` days. */
export function forecastRates(rates: readonly (number | null)[], end: number, horizon: number): RateForecast {
  const windows = rateWindows(rates);
  const model = fitModel(windows, end);
  if (!model) {
    const mean = meanRate(windows, Math.max(0, end - NAIVE_DAYS), end) ?? 0;
    const increase = Array.from({ length: horizon }, (_, index) => mean * (index + 1));
    return { method: 'naive-7d', increase, lower: increase.map((value) => value * FALLBACK_BAND[0]), upper: increase.map((value) => value * FALLBACK_BAND[1]) };
  }
  const increase = modelIncreases(model, horizon);
  // Earlier forecasts: the model fitted at each earlier origin, and what each said for every horizon.
  const origins: { origin: number; increases: number[] }[] = [];
  for (let origin = end - ORIGIN_STEP; origins.length < MAX_ORIGINS; origin -= ORIGIN_STEP) {
    const earlier = fitModel(windows, origin);
    if (!earlier) break;
    origins.push({ origin, increases: modelIncreases(earlier, Math.min(horizon, end - origin)) });
  }
  const lower: number[] = [];
  const upper: number[] = [];
  increase.forEach((predicted, index) => {
    const h = index + 1;
    const ratios = origins.flatMap(({ origin, increases }) => {
      const said = increases[index];
      if (origin + h > end || said === undefined || said <= 0) return [];
      return [windows.sum(origin, origin + h) / said];
    });
    const [low, high] = ratios.length >= MIN_ORIGINS ? [quantile(ratios, 0.1), quantile(ratios, 0.9)] : FALLBACK_BAND;
    lower.push(predicted * Math.min(low, 1));
    upper.push(predicted * Math.max(high, 1));
  });
  return { method: 'mean-28d', increase, lower, upper };
}

import { addDays, daysBetween } from '@/lib/dates';
import { dailyRates, drops } from './daily-change';
import type { Drop, SeriesValues } from './daily-change';
import { forecastRates } from './forecast';
import { spikes } from './spikes';
import type { Spike } from './spikes';
import { trend } from './trend';
import type { Trend } from './trend';

/** The cumulative total forecast for each of the days after as_of, with its 80% interval, in whole units. */
type Forecast = { method: string; labels: string[]; value: number[]; lower: number[]; upper: number[] };
export type Insights = { trend: Trend; spikes: Spike[]; drops: Drop[]; forecast: Forecast | null };

/**
 * Everything the insights route says about one series, from its points up to `asOf` (the caller
 * reads no later ones). The forecast runs from the latest point: when it is before `asOf`, the
 * days between count towards each horizon. `growth` is the series the changes are read from: the
 * totals without the lifetime counts of versions added (a version added is no spike), null on the
 * same days; the latest value and the forecast are totals.
 */
export function insights(dates: readonly string[], totals: SeriesValues, asOf: string, horizon: number, growth: SeriesValues = totals): Insights {
  const changes = trend(dates, growth);
  const last = totals.findLastIndex((value) => value !== null);
  const current: Trend = { ...changes, latest_value: last < 0 ? null : (totals[last] ?? null) };
  const { rates } = dailyRates(dates, growth);
  let forecast: Forecast | null = null;
  if (current.latest_date !== null && current.latest_value !== null && rates.length > 0) {
    const latestValue = current.latest_value;
    const lead = Math.max(0, daysBetween(current.latest_date, asOf));
    const ahead = forecastRates(rates, rates.length, lead + horizon);
    const at = (series: number[], day: number): number => Math.round(latestValue + (series[lead + day - 1] as number));
    const days = Array.from({ length: horizon }, (_, index) => index + 1);
    forecast = {
      method: ahead.method,
      labels: days.map((day) => addDays(asOf, day)),
      value: days.map((day) => at(ahead.increase, day)),
      lower: days.map((day) => at(ahead.lower, day)),
      upper: days.map((day) => at(ahead.upper, day)),
    };
  }
  return { trend: current, spikes: spikes(dates, growth), drops: drops(dates, growth), forecast };
}

import { dailyRates } from './daily-change';
import type { SeriesValues } from './daily-change';
import { changeOver, rateWindows } from './windows';

/**
 * Where a series stands on its latest day: the total, its change over the last 7 and 28 days (drops
 * left out, as everywhere), and the growth of that change against the 7 or 28 days before, in percent.
 * A figure whose days the data does not cover is null; so is a growth against a period without increase.
 */
export type Trend = {
  latest_date: string | null;
  latest_value: number | null;
  change_7d: number | null;
  change_28d: number | null;
  growth_7d: number | null;
  growth_28d: number | null;
};

function growth(recent: number | null, before: number | null): number | null {
  if (recent === null || before === null || before <= 0) return null;
  return ((recent - before) / before) * 100;
}

export function trend(dates: readonly string[], values: SeriesValues): Trend {
  let last = values.length - 1;
  while (last >= 0 && values[last] === null) last -= 1;
  if (last < 0) return { latest_date: null, latest_value: null, change_7d: null, change_28d: null, growth_7d: null, growth_28d: null };
  const { rates } = dailyRates(dates, values);
  const windows = rateWindows(rates);
  const end = rates.length;
  const over = (from: number, to: number): number | null => changeOver(windows, end, end - from, end - to);
  const change7 = over(7, 0);
  const change28 = over(28, 0);
  return {
    latest_date: dates[last] as string,
    latest_value: values[last] as number,
    change_7d: change7,
    change_28d: change28,
    growth_7d: growth(change7, over(14, 7)),
    growth_28d: growth(change28, over(56, 28)),
  };
}

import { toDayNumber } from '@/lib/dates';

/**
 * The daily change of a cumulative total, derived in one place (changeSteps) so that every figure
 * built on it (the daily change, trailing averages, drops) follows one rule.
 *
 * A series is a list of values aligned with `dates` (ISO dates, ascending, no repeats); null means
 * no point that day. Between two known points the total moved by their difference, and we cannot
 * tell on which of the days in between it moved, so the change is spread evenly over them.
 *
 * A fall of a cumulative total is not listeners lost: SoundCharts restates a series when its
 * source switches (a lifetime count halving overnight). Such a step is a drop: it yields no daily
 * change (null) and is reported on its own, and averages leave its days out rather than average a
 * fall that never happened into the days around it.
 */

export type SeriesValues = readonly (number | null)[];

/** The move of the total from one known point to the next. */
export type ChangeStep = {
  /** Index in `dates` of the known point that ends the step. */
  index: number;
  date: string;
  /** Day number of the previous known point; the step covers the days after it up to `toDay`. */
  fromDay: number;
  toDay: number;
  /** The whole change over the step: value minus the previous known value. */
  change: number;
  drop: boolean;
};

export type Drop = { date: string; change: number };

// The insights of one series read its steps five ways (trend, rates, forecast, spikes, drops): worked out once per series.
const stepsOf = new WeakMap<SeriesValues, { dates: readonly string[]; steps: readonly ChangeStep[] }>();

/** The steps between consecutive known points, oldest first. */
export function changeSteps(dates: readonly string[], values: SeriesValues): readonly ChangeStep[] {
  const known = stepsOf.get(values);
  if (known?.dates === dates) return known.steps;
  const steps = stepsBetweenPoints(dates, values);
  stepsOf.set(values, { dates, steps });
  return steps;
}

function stepsBetweenPoints(dates: readonly string[], values: SeriesValues): ChangeStep[] {
  const steps: ChangeStep[] = [];
  let previous: { day: number; value: number } | undefined;
  values.forEach((value, index) => {
    if (value === null) return;
    const date = dates[index] as string;
    const day = toDayNumber(date);
    if (previous) {
      const change = value - previous.value;
      steps.push({ index, date, fromDay: previous.day, toDay: day, change, drop: change < 0 });
    }
    previous = { day, value };
  });
  return steps;
}

/** Change per day since the previous known point, spread over any gap; null on the first point and on a drop. */
export function dailyChange(dates: readonly string[], values: SeriesValues): (number | null)[] {
  const result: (number | null)[] = values.map(() => null);
  for (const step of changeSteps(dates, values)) {
    if (!step.drop) result[step.index] = step.change / (step.toDay - step.fromDay);
  }
  return result;
}

/** The days the cumulative total fell, with the whole fall (negative). */
export function drops(dates: readonly string[], values: SeriesValues): Drop[] {
  return changeSteps(dates, values)
    .filter((step) => step.drop)
    .map((step) => ({ date: step.date, change: step.change }));
}

/**
 * Mean daily change over the `window` calendar days ending on each known day, days in gaps counted
 * at their spread rate. Null until a known point lies `window` days back or earlier (a launch has
 * no average until it has that much history), and null when every day of the window is a drop.
 * Without drops it equals (value today - value `window` days back) / window, the value back read
 * off the line between the known points around it.
 */
export function trailingMean(dates: readonly string[], values: SeriesValues, window: number): (number | null)[] {
  const result: (number | null)[] = values.map(() => null);
  const steps = changeSteps(dates, values);
  const firstDay = steps[0]?.fromDay;
  steps.forEach((step, position) => {
    const from = step.toDay - window;
    if (firstDay === undefined || firstDay > from) return;
    let sum = 0;
    let days = 0;
    for (let back = position; back >= 0; back -= 1) {
      const earlier = steps[back] as ChangeStep;
      if (earlier.toDay <= from) break;
      if (earlier.drop) continue;
      const gap = earlier.toDay - earlier.fromDay;
      const overlap = earlier.toDay - Math.max(earlier.fromDay, from);
      // A step wholly inside the window adds its change as it is, without a rounding division.
      sum += overlap === gap ? earlier.change : (earlier.change / gap) * overlap;
      days += overlap;
    }
    result[step.index] = days === 0 ? null : sum / days;
  });
  return result;
}

/**
 * The daily change on every calendar day, gaps spread, as one dense array: `rates[i]` is the change
 * on day `firstDay + i`, from the day after the first known point to the last; null on the days of
 * a drop. What windows over days (trend, spikes, forecast) are computed from.
 */
export type DailyRates = { firstDay: number; rates: (number | null)[] };

export function dailyRates(dates: readonly string[], values: SeriesValues): DailyRates {
  const steps = changeSteps(dates, values);
  const first = steps[0];
  if (!first) return { firstDay: 0, rates: [] };
  const firstDay = first.fromDay + 1;
  const rates: (number | null)[] = [];
  for (const step of steps) {
    const rate = step.drop ? null : step.change / (step.toDay - step.fromDay);
    for (let day = step.fromDay + 1; day <= step.toDay; day += 1) rates.push(rate);
  }
  return { firstDay, rates };
}

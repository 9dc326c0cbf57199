/**
 * Sums and means of daily rates over ranges of days in O(1), from prefix sums. `rates[i]` is the
 * change on the i-th day; null (a drop) counts as no day at all.
 */
export type RateWindows = { sum: (from: number, to: number) => number; days: (from: number, to: number) => number };

/** Windows over [from, to) of day indices. */
export function rateWindows(rates: readonly (number | null)[]): RateWindows {
  const sums = [0];
  const counts = [0];
  rates.forEach((rate, index) => {
    sums.push((sums[index] as number) + (rate ?? 0));
    counts.push((counts[index] as number) + (rate === null ? 0 : 1));
  });
  const clamp = (index: number): number => Math.min(Math.max(index, 0), rates.length);
  return {
    sum: (from, to) => (sums[clamp(to)] as number) - (sums[clamp(from)] as number),
    days: (from, to) => (counts[clamp(to)] as number) - (counts[clamp(from)] as number),
  };
}

/** The mean rate over [from, to), null when the range holds no day with a rate or leaves the data. */
export function meanOver(windows: RateWindows, length: number, from: number, to: number): number | null {
  if (from < 0 || to > length || from >= to) return null;
  const days = windows.days(from, to);
  return days === 0 ? null : windows.sum(from, to) / days;
}

/** The change over [from, to), drops left out; null when the range leaves the data. */
export function changeOver(windows: RateWindows, length: number, from: number, to: number): number | null {
  if (from < 0 || to > length || from > to) return null;
  return windows.sum(from, to);
}

// Typed arrays sort numerically in native code, several times faster than a comparator over an array.
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The q-quantile (0 to 1) by linear interpolation between the closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (position - below);
}

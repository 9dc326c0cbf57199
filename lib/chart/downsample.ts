import type { ChartData } from './chartjs';
import type { ChartMode } from './modes';

/**
 * Down-sampling of long series to at most N points that keeps their shape (`max_points` on the
 * chart and compare routes, and the track page's chart on long ranges).
 *
 * Buckets: runs of consecutive labels, the same for every series of a reply so that they keep one
 * shared labels array. The first label is a bucket of its own and the other labels are split into
 * N - 1 runs as equal in length as whole labels allow, so the first and the last day are both kept
 * and a chart never starts or ends on a different day than the full one. Each bucket is labelled
 * with its last label (a `YYYY-MM-DD` day as before). Buckets count labels, not calendar days: the
 * chart's category axis spaces labels evenly, so equal runs of labels are what it draws evenly.
 *
 * Values: `last` (totals: a cumulative value is the state at the end of the bucket) takes the last
 * value of the bucket that is not null; `mean` (daily changes and their averages) takes the mean of
 * the bucket's values that are not null. Missing days (null) are left out rather than counted as 0,
 * and a bucket with no value at all stays null, so a gap longer than a bucket is still a gap. A
 * monotone series stays monotone under `last`, the buckets' lasts being a subsequence of its values.
 */

export type BucketMethod = 'last' | 'mean';

/** Fewer than the first and the last day cannot keep both. */
export const MIN_MAX_POINTS = 2;

/** A cumulative reply holds totals; the derived modes hold daily changes and their means. */
function bucketMethod(mode: ChartMode): BucketMethod {
  return mode === 'cumulative' ? 'last' : 'mean';
}

/**
 * The index of the last label of each bucket, ascending; every index when `count` is at most
 * `maxPoints`. With more, exactly `maxPoints` buckets: index 0 alone, then N - 1 runs ending on
 * round(k × (count - 1) / (N - 1)), each at least one label long since count - 1 > N - 1.
 */
export function bucketEnds(count: number, maxPoints: number): number[] {
  if (maxPoints < MIN_MAX_POINTS) throw new RangeError(`maxPoints must be at least ${MIN_MAX_POINTS}`);
  if (count <= maxPoints) return Array.from({ length: count }, (_, index) => index);
  const runs = maxPoints - 1;
  return Array.from({ length: maxPoints }, (_, bucket) => Math.round((bucket * (count - 1)) / runs));
}

function lastValue(values: readonly (number | null)[], from: number, to: number): number | null {
  for (let index = to; index >= from; index -= 1) {
    const value = values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

function meanValue(values: readonly (number | null)[], from: number, to: number): number | null {
  let sum = 0;
  let count = 0;
  for (let index = from; index <= to; index += 1) {
    const value = values[index];
    if (value !== null && value !== undefined) {
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? null : sum / count;
}

/** One series reduced to the buckets ending at `ends` (from bucketEnds). */
export function bucketValues(values: readonly (number | null)[], ends: readonly number[], method: BucketMethod): (number | null)[] {
  const reduce = method === 'last' ? lastValue : meanValue;
  return ends.map((end, bucket) => reduce(values, bucket === 0 ? 0 : (ends[bucket - 1] ?? -1) + 1, end));
}

/** Labels and their series cut to `maxPoints` buckets; undefined when they are no longer than that already. */
export function downsampleSeries(
  labels: readonly string[],
  series: readonly (readonly (number | null)[])[],
  maxPoints: number,
  method: BucketMethod,
): { labels: string[]; series: (number | null)[][] } | undefined {
  if (labels.length <= maxPoints) return undefined;
  const ends = bucketEnds(labels.length, maxPoints);
  return {
    labels: ends.map((end) => labels[end] ?? ''),
    series: series.map((values) => bucketValues(values, ends, method)),
  };
}

/**
 * Where a day falls once down-sampled: the index of the first label on or after it, i.e. the
 * bucket holding it (labels ascending). -1 when it is after the last label.
 */
export function bucketIndexOf(labels: readonly string[], day: string): number {
  let low = 0;
  let high = labels.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((labels[middle] ?? '') < day) low = middle + 1;
    else high = middle;
  }
  return low === labels.length ? -1 : low;
}

/** What a down-sampled reply says about itself, after its other keys. */
export type DownsampledNote = { method: BucketMethod; points: number; from_points: number };

/**
 * A chart reply with every dataset at most `maxPoints` long. The reply itself, untouched, when no
 * dataset is longer (so its JSON is the full reply byte for byte) or when no maximum is asked for;
 * otherwise the reply with its `chart_data` down-sampled and a `downsampled` key after the others.
 * `data_events` keep the day they happened on: a reader places each in the bucket of the first
 * label on or after it.
 */
export function downsampleReply<Dataset extends { data: (number | null)[] }, Reply extends { chart_data: ChartData<Dataset> }>(
  reply: Reply,
  maxPoints: number | undefined,
  mode: ChartMode,
): Reply | (Reply & { downsampled: DownsampledNote }) {
  if (maxPoints === undefined) return reply;
  const { labels, datasets } = reply.chart_data;
  const method = bucketMethod(mode);
  const sampled = downsampleSeries(
    labels,
    datasets.map((dataset) => dataset.data),
    maxPoints,
    method,
  );
  if (!sampled) return reply;
  return {
    ...reply,
    chart_data: {
      labels: sampled.labels,
      datasets: datasets.map((dataset, index) => ({ ...dataset, data: sampled.series[index] ?? [] })),
    },
    downsampled: { method, points: sampled.labels.length, from_points: labels.length },
  };
}

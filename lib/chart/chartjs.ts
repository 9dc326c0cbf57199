import type { Platform, Track } from '@/db/schema';
import { alignSeries } from './series';
import type { DatedValue, PlatformDatedValue } from './series';

// The two documented reply shapes differ: the single-platform dataset carries `tension`, the comparison's does not.
export type ComparisonDataset = {
  label: string;
  data: (number | null)[];
  borderColor: string;
  backgroundColor: string;
};
type ChartDataset = ComparisonDataset & { tension: number };

export type ChartData<Dataset = ChartDataset> = { labels: string[]; datasets: Dataset[] };

export type TrackSummary = { name: string; credit_name: string; uuid: string };
export type PlatformSummary = { name: string; slug: string; metric_name: string };

export function hexToRgba(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

export function trackSummary(track: Pick<Track, 'name' | 'creditName' | 'uuid'>): TrackSummary {
  return { name: track.name, credit_name: track.creditName, uuid: track.uuid };
}

export function platformSummary(platform: Pick<Platform, 'name' | 'slug' | 'audienceMetricName'>): PlatformSummary {
  return { name: platform.name, slug: platform.slug, metric_name: platform.audienceMetricName };
}

export function dataset(
  track: Pick<Track, 'name'>,
  platform: Pick<Platform, 'name' | 'color'>,
  data: (number | null)[],
): ComparisonDataset {
  return {
    label: `${track.name} on ${platform.name}`,
    data,
    borderColor: platform.color,
    backgroundColor: hexToRgba(platform.color, 0.1),
  };
}

/**
 * One platform: labels and values straight from the points, which arrive oldest first.
 * No points (a track with no data yet, or none in the window) is empty labels and no dataset.
 */
export function singlePlatformChart(
  track: Pick<Track, 'name'>,
  platform: Pick<Platform, 'name' | 'color'>,
  points: readonly DatedValue[],
): ChartData {
  if (points.length === 0) return { labels: [], datasets: [] };
  return {
    labels: points.map((point) => point.date),
    datasets: [{ ...dataset(track, platform, points.map((point) => point.value)), tension: 0.1 }],
  };
}

/**
 * Several platforms on one axis: the labels are the sorted union of their dates, and each dataset
 * has a value or null at every label, so Chart.js draws each line against the right day.
 * No points at all is empty labels and no datasets, as for one platform.
 */
export function comparisonChart(
  track: Pick<Track, 'name'>,
  platforms: readonly Pick<Platform, 'id' | 'name' | 'color'>[],
  points: readonly PlatformDatedValue[],
): ChartData<ComparisonDataset> {
  if (points.length === 0) return { labels: [], datasets: [] };
  const aligned = alignSeries(
    platforms.map((platform) => platform.id),
    points,
  );
  return {
    labels: aligned.dates,
    datasets: platforms.map((platform, index) => dataset(track, platform, aligned.values[index] ?? [])),
  };
}

import type { Database } from '@/db/client';
import { insights } from '@/lib/analytics/insights';
import type { Insights } from '@/lib/analytics/insights';
import { withoutVersionsAdded } from './data-events';
import { readComparisonChart } from './queries';
import type { ComparisonChartRows } from './queries';

/** One platform's insights as the track page shows them. */
export type PlatformInsights = { slug: string; name: string } & Insights;

/**
 * The insights of the platforms a track page shows, as of the last day of its range: the whole
 * history up to that day is read (spikes need the 28 days before each day, the forecast's interval
 * the series' record), nothing after it. `history`, when given, is that read already made (the
 * chart's own rows on a range from the first day, TrackChartView.history), so it is not made twice.
 */
export async function loadTrackInsights(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[],
  asOf: string,
  horizon: number,
  history?: ComparisonChartRows,
): Promise<PlatformInsights[]> {
  if (platformSlugs.length === 0) return [];
  const read = history ?? (await readComparisonChart(db, trackUuid, platformSlugs, { endDate: asOf }));
  if (read.found === 'none') return [];
  return read.platforms
    .filter((platform) => platformSlugs.includes(platform.slug))
    .map((platform) => {
      const points = read.points.filter((point) => point.platformId === platform.id);
      const dates = points.map((point) => point.date);
      const totals = points.map((point) => point.value);
      const figures = insights(dates, totals, asOf, horizon, withoutVersionsAdded(dates, totals, platform.id, read.events));
      return { slug: platform.slug, name: platform.name, ...figures };
    });
}

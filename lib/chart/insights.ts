import type { Database } from '@/db/client';
import { insights } from '@/lib/analytics/insights';
import type { Insights } from '@/lib/analytics/insights';
import { trend } from '@/lib/analytics/trend';
import { platformNotFound, trackNotFound } from '@/lib/catalogue/lookups';
import { platformSummary, trackSummary } from './chartjs';
import type { PlatformSummary, TrackSummary } from './chartjs';
import { withoutVersionsAdded } from './data-events';
import { readSingleChart } from './queries';

export type InsightsReply = Insights & { track: TrackSummary; platform: PlatformSummary; as_of: string | null };

/**
 * The insights of one track on one platform from its points up to `asOf` (by default its latest
 * point, so a track without data has no as_of). Only those points are read: what came later cannot
 * leak into a figure dated before it.
 */
export async function getInsights(
  db: Database,
  trackUuid: string,
  platformSlug: string,
  options: { asOf: string | undefined; horizon: number },
): Promise<InsightsReply> {
  const read = await readSingleChart(db, trackUuid, platformSlug, { endDate: options.asOf });
  if (read.found === 'none') throw trackNotFound(trackUuid);
  if (read.found === 'track') throw platformNotFound(platformSlug);
  const dates = read.points.map((point) => point.date);
  const values = read.points.map((point) => point.value);
  const growth = withoutVersionsAdded(dates, values, read.platform.id, read.events);
  const asOf = options.asOf ?? dates.at(-1) ?? null;
  const figures: Insights =
    asOf === null ? { trend: trend([], []), spikes: [], drops: [], forecast: null } : insights(dates, values, asOf, options.horizon, growth);
  return { track: trackSummary(read.track), platform: platformSummary(read.platform), as_of: asOf, ...figures };
}

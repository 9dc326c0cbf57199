import type { Database } from '@/db/client';
import { inOrderAsked, platformNotFound, trackNotFound } from '@/lib/catalogue/lookups';
import { comparisonChart, platformSummary, singlePlatformChart, trackSummary } from './chartjs';
import type { ChartData, ComparisonDataset, PlatformSummary, TrackSummary } from './chartjs';
import { dataEventsField } from './data-events';
import type { DataEventReply } from './data-events';
import { readComparisonChart, readSingleChart } from './queries';
import type { ChartWindow } from './queries';

// data_events comes last and only when there is one, so that a reply without events is the documented shape byte for byte.
export type SinglePlatformChart = { track: TrackSummary; platform: PlatformSummary; chart_data: ChartData; data_events?: DataEventReply[] };
export type ComparisonChart = {
  track: TrackSummary;
  platforms: PlatformSummary[];
  chart_data: ChartData<ComparisonDataset>;
  data_events?: DataEventReply[];
};

/** Track.get_audience_chart_data: one platform's reply of the chart API. */
export async function getAudienceChartData(
  db: Database,
  trackUuid: string,
  platformSlug: string,
  window: ChartWindow = {},
): Promise<SinglePlatformChart> {
  const read = await readSingleChart(db, trackUuid, platformSlug, window);
  if (read.found === 'none') throw trackNotFound(trackUuid);
  if (read.found === 'track') throw platformNotFound(platformSlug);
  return {
    track: trackSummary(read.track),
    platform: platformSummary(read.platform),
    chart_data: singlePlatformChart(read.track, read.platform, read.points),
    ...dataEventsField(read.events, [read.platform]),
  };
}

/**
 * Track.get_platform_audience_comparison: the comparison reply of the chart API, platforms in the
 * order asked; with none asked, every platform with data, in catalogue order.
 */
export async function getPlatformAudienceComparison(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[] | undefined,
  window: ChartWindow = {},
): Promise<ComparisonChart> {
  const read = await readComparisonChart(db, trackUuid, platformSlugs, window);
  if (read.found === 'none') throw trackNotFound(trackUuid);
  const shown = platformSlugs ? inOrderAsked(read.platforms, platformSlugs) : read.platforms;
  return {
    track: trackSummary(read.track),
    platforms: shown.map(platformSummary),
    chart_data: comparisonChart(read.track, shown, read.points),
    ...dataEventsField(read.events, shown),
  };
}

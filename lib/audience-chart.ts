import type { Database } from '@/db/client';
import type { Platform, Track } from '@/db/schema';
import { audienceSeries, audienceSeriesForPlatforms, findPlatformsBySlugs, findTrackByUuid, platformsWithData } from './audience-queries';
import type { SeriesWindow } from './audience-queries';
import { comparisonChart, platformSummary, singlePlatformChart, trackSummary } from './chart-data';
import type { ChartData, PlatformSummary, TrackSummary } from './chart-data';
import { AppError } from './errors';

export type SinglePlatformChart = { track: TrackSummary; platform: PlatformSummary; chart_data: ChartData };
export type ComparisonChart = { track: TrackSummary; platforms: PlatformSummary[]; chart_data: ChartData };

export async function requireTrack(db: Database, uuid: string): Promise<Track> {
  const track = await findTrackByUuid(db, uuid);
  if (!track) throw new AppError('not_found', `Track ${uuid} not found`);
  return track;
}

/** The platforms for these slugs, in the order asked; an unknown slug is a not-found error naming it. */
export async function requirePlatforms(db: Database, slugs: readonly string[]): Promise<Platform[]> {
  const found = await findPlatformsBySlugs(db, slugs);
  const bySlug = new Map(found.map((platform) => [platform.slug, platform]));
  return slugs.map((slug) => {
    const platform = bySlug.get(slug);
    if (!platform) throw new AppError('not_found', `Platform '${slug}' not found`);
    return platform;
  });
}

/** The spec's Track.get_audience_chart_data. */
export async function getAudienceChartData(
  db: Database,
  track: Track,
  platform: Platform,
  window: SeriesWindow = {},
): Promise<SinglePlatformChart> {
  const points = await audienceSeries(db, track.id, platform.id, window);
  return {
    track: trackSummary(track),
    platform: platformSummary(platform),
    chart_data: singlePlatformChart(track, platform, points),
  };
}

/** The spec's Track.get_platform_audience_comparison; with no platforms given, those with data. */
export async function getPlatformAudienceComparison(
  db: Database,
  track: Track,
  platforms: readonly Platform[] | undefined,
  window: SeriesWindow = {},
): Promise<ComparisonChart> {
  const shown = platforms ?? (await platformsWithData(db, track.id));
  const points = await audienceSeriesForPlatforms(
    db,
    track.id,
    shown.map((platform) => platform.id),
    window,
  );
  return {
    track: trackSummary(track),
    platforms: shown.map(platformSummary),
    chart_data: comparisonChart(track, shown, points),
  };
}

export async function loadSinglePlatformChart(
  db: Database,
  trackUuid: string,
  platformSlug: string,
  window: SeriesWindow,
): Promise<SinglePlatformChart> {
  const track = await requireTrack(db, trackUuid);
  const [platform] = await requirePlatforms(db, [platformSlug]);
  return getAudienceChartData(db, track, platform as Platform, window);
}

export async function loadComparisonChart(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[] | undefined,
  window: SeriesWindow,
): Promise<ComparisonChart> {
  const track = await requireTrack(db, trackUuid);
  const platforms = platformSlugs ? await requirePlatforms(db, platformSlugs) : undefined;
  return getPlatformAudienceComparison(db, track, platforms, window);
}

import type { Database } from '@/db/client';
import type { Platform, Track } from '@/db/schema';
import { audienceSeries, audienceSeriesForPlatforms, findPlatformsBySlugs, findTrackByUuid, platformsWithData } from '@/lib/catalogue/lookups';
import type { SeriesWindow } from '@/lib/catalogue/lookups';
import { comparisonChart, platformSummary, singlePlatformChart, trackSummary } from './chartjs';
import { readComparisonChart, readSingleChart } from './queries';
import type { ChartData, ComparisonDataset, PlatformSummary, TrackSummary } from './chartjs';
import { AppError } from '@/lib/errors';

export type SinglePlatformChart = { track: TrackSummary; platform: PlatformSummary; chart_data: ChartData };
export type ComparisonChart = { track: TrackSummary; platforms: PlatformSummary[]; chart_data: ChartData<ComparisonDataset> };

const trackNotFound = (uuid: string): AppError => new AppError('not_found', `Track ${uuid} not found`);
const platformNotFound = (slug: string): AppError => new AppError('not_found', `Platform '${slug}' not found`);

export async function requireTrack(db: Database, uuid: string): Promise<Track> {
  const track = await findTrackByUuid(db, uuid);
  if (!track) throw trackNotFound(uuid);
  return track;
}

/** These platforms put in the order of the slugs; an unknown slug is a not-found error naming it. */
function inOrderAsked<P extends Pick<Platform, 'slug'>>(found: readonly P[], slugs: readonly string[]): P[] {
  const bySlug = new Map(found.map((platform) => [platform.slug, platform]));
  return slugs.map((slug) => {
    const platform = bySlug.get(slug);
    if (!platform) throw platformNotFound(slug);
    return platform;
  });
}

/** The platforms for these slugs, in the order asked; an unknown slug is a not-found error naming it. */
export async function requirePlatforms(db: Database, slugs: readonly string[]): Promise<Platform[]> {
  return inOrderAsked(await findPlatformsBySlugs(db, slugs), slugs);
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

/** The single-platform reply of the chart API, read in one round trip (lib/chart-queries.ts). */
export async function loadSinglePlatformChart(
  db: Database,
  trackUuid: string,
  platformSlug: string,
  window: SeriesWindow,
): Promise<SinglePlatformChart> {
  const read = await readSingleChart(db, trackUuid, platformSlug, window);
  if (read.found === 'none') throw trackNotFound(trackUuid);
  if (read.found === 'track') throw platformNotFound(platformSlug);
  return {
    track: trackSummary(read.track),
    platform: platformSummary(read.platform),
    chart_data: singlePlatformChart(read.track, read.platform, read.points),
  };
}

/** The comparison reply of the chart API, read in one round trip; platforms in the order asked. */
export async function loadComparisonChart(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[] | undefined,
  window: SeriesWindow,
): Promise<ComparisonChart> {
  const read = await readComparisonChart(db, trackUuid, platformSlugs, window);
  if (read.found === 'none') throw trackNotFound(trackUuid);
  const shown = platformSlugs ? inOrderAsked(read.platforms, platformSlugs) : read.platforms;
  return {
    track: trackSummary(read.track),
    platforms: shown.map(platformSummary),
    chart_data: comparisonChart(read.track, shown, read.points),
  };
}

import type { Database } from '@/db/client';
import { inOrderAsked, platformNotFound, trackNotFound } from '@/lib/catalogue/lookups';
import { dataset, platformSummary, trackSummary } from './chartjs';
import type { ChartData, ComparisonDataset, PlatformSummary, TrackSummary } from './chartjs';
import { derivedDataEvents, withoutVersionsAdded } from './data-events';
import type { DataEventReply } from './data-events';
import { deriveValues, dropEvents, firstShown, modeLabel, readWindow } from './modes';
import type { ChartMode, DerivedMode } from './modes';
import { readComparisonChart, readSingleChart } from './queries';
import type { ChartWindow } from './queries';
import { getAudienceChartData, getPlatformAudienceComparison } from './replies';
import type { ComparisonChart, SinglePlatformChart } from './replies';
import { alignSeries } from './series';

/**
 * The chart API's replies in every mode. Cumulative is the documented reply as it is; the derived
 * modes keep its shape, say what they hold in the dataset label, and add `data_events` (possibly
 * empty) so a null caused by a drop is never a silent gap. They are worked out from the totals
 * without the lifetime counts of the versions added, so a version added is no spike.
 */

export type SingleModeChart = SinglePlatformChart;
export type ComparisonModeChart = ComparisonChart;

export async function getChartInMode(
  db: Database,
  trackUuid: string,
  platformSlug: string,
  window: ChartWindow,
  mode: ChartMode,
): Promise<SingleModeChart> {
  if (mode === 'cumulative') return getAudienceChartData(db, trackUuid, platformSlug, window);
  return derivedSingleChart(db, trackUuid, platformSlug, window, mode);
}

export async function getComparisonInMode(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[] | undefined,
  window: ChartWindow,
  mode: ChartMode,
): Promise<ComparisonModeChart> {
  if (mode === 'cumulative') return getPlatformAudienceComparison(db, trackUuid, platformSlugs, window);
  return derivedComparisonChart(db, trackUuid, platformSlugs, window, mode);
}

async function derivedSingleChart(
  db: Database,
  trackUuid: string,
  platformSlug: string,
  window: ChartWindow,
  mode: DerivedMode,
): Promise<{ track: TrackSummary; platform: PlatformSummary; chart_data: ChartData; data_events: DataEventReply[] }> {
  const read = await readSingleChart(db, trackUuid, platformSlug, readWindow(window, mode));
  if (read.found === 'none') throw trackNotFound(trackUuid);
  if (read.found === 'track') throw platformNotFound(platformSlug);
  const dates = read.points.map((point) => point.date);
  const values = withoutVersionsAdded(
    dates,
    read.points.map((point) => point.value),
    read.platform.id,
    read.events,
  );
  const from = firstShown(dates, window);
  const labels = dates.slice(from);
  const base = dataset(read.track, read.platform, deriveValues(dates, values, mode).slice(from));
  return {
    track: trackSummary(read.track),
    platform: platformSummary(read.platform),
    chart_data: labels.length === 0 ? { labels: [], datasets: [] } : { labels, datasets: [{ ...base, label: modeLabel(base.label, mode), tension: 0.1 }] },
    data_events: derivedDataEvents(read.events, [read.platform], labels[0], dropEvents(dates, values, read.platform.slug, from)),
  };
}

async function derivedComparisonChart(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[] | undefined,
  window: ChartWindow,
  mode: DerivedMode,
): Promise<{ track: TrackSummary; platforms: PlatformSummary[]; chart_data: ChartData<ComparisonDataset>; data_events: DataEventReply[] }> {
  const read = await readComparisonChart(db, trackUuid, platformSlugs, readWindow(window, mode));
  if (read.found === 'none') throw trackNotFound(trackUuid);
  const shown = platformSlugs ? inOrderAsked(read.platforms, platformSlugs) : read.platforms;
  const aligned = alignSeries(
    shown.map((platform) => platform.id),
    read.points,
  );
  const values = shown.map((platform, index) => withoutVersionsAdded(aligned.dates, aligned.values[index] ?? [], platform.id, read.events));
  const from = firstShown(aligned.dates, window);
  const labels = aligned.dates.slice(from);
  const datasets = shown.map((platform, index) => {
    const base = dataset(read.track, platform, deriveValues(aligned.dates, values[index] ?? [], mode).slice(from));
    return { ...base, label: modeLabel(base.label, mode) };
  });
  const drops = shown.flatMap((platform, index) => dropEvents(aligned.dates, values[index] ?? [], platform.slug, from));
  const events = derivedDataEvents(read.events, shown, labels[0], drops);
  return {
    track: trackSummary(read.track),
    platforms: shown.map(platformSummary),
    chart_data: labels.length === 0 ? { labels: [], datasets: [] } : { labels, datasets },
    data_events: events,
  };
}

import type { Database } from '@/db/client';
import type { Track } from '@/db/schema';
import { findTrackByUuid } from '@/lib/catalogue/lookups';
import { addDays } from '@/lib/dates';
import { platformsWithExtent, readComparisonChart } from './queries';
import type { ComparisonChartRows } from './queries';
import { withoutVersionsAdded } from './data-events';
import { dropEvents } from './modes';
import type { DataEvent } from './modes';
import { alignSeries } from './series';
import type { SeriesEvent } from './series';
import { chooseScale } from './scale-choice';
import type { ScaleChoice } from './scale-choice';
import { transformSeries } from './value-modes';
import { resolveRange } from './view-params';
import type { DateRange, TrackView } from './view-params';
import { trackUuidSchema } from '@/lib/identifiers';

type PlatformSeries = {
  slug: string;
  name: string;
  metricName: string;
  color: string;
  shown: boolean;
  /** Aligned with TrackChartView.dates, already in the view's mode and scale. */
  values: (number | null)[];
};

/** A data event in the view's range, named for the page. */
export type TrackEvent = SeriesEvent & { platformName: string; metricName: string };

export type TrackChartView = {
  track: Pick<Track, 'uuid' | 'name' | 'creditName' | 'imageUrl' | 'releaseDate' | 'isrc' | 'audienceFetchedAt'>;
  /** The view as asked for, with only the platforms settled: links built from it keep an unasked scale unasked. */
  view: TrackView;
  /** The scale the chart is drawn on: the one asked for, or the one picked for these numbers. */
  scale: ScaleChoice;
  /** The first and last day with data on any platform; undefined when the track has none yet. */
  extent: DateRange | undefined;
  /** The days the view covers; undefined when the track has no data yet. */
  range: DateRange | undefined;
  /** Every platform with data, shown or not: the legend offers the hidden ones too. */
  series: PlatformSeries[];
  dates: string[];
  /** Versions added and provisional days of the shown platforms in the range, by date. */
  events: TrackEvent[];
  /** In the daily and average modes, the days shown on which a platform's total fell (no change is shown for them). */
  drops: DataEvent[];
  /**
   * The rows read, when they are the track's whole history up to the range's end (a range from its
   * first day, as "All"): what the insights read, so the page reads a decade once, not twice.
   */
  history: ComparisonChartRows | undefined;
};

// The daily and 7-day figures of the first day in range need the week before it.
const LEAD_IN_DAYS = 7;

/**
 * Daily changes, averages and indexes are fractions; two decimals are more than the one the table
 * and the tooltips print, and a page of them is a third of the size of full-precision floats.
 */
const roundForDisplay = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

function dataExtent(available: readonly { firstDate: string; lastDate: string }[]): DateRange | undefined {
  if (available.length === 0) return undefined;
  return {
    start: available.reduce((first, platform) => (platform.firstDate < first ? platform.firstDate : first), '9999-12-31'),
    end: available.reduce((last, platform) => (platform.lastDate > last ? platform.lastDate : last), '0000-01-01'),
  };
}

/** Everything the track page draws, read through the chart domain; undefined for an unknown track. */
export async function loadTrackChartView(db: Database, uuid: string, view: TrackView): Promise<TrackChartView | undefined> {
  const parsedUuid = trackUuidSchema.safeParse(uuid);
  if (!parsedUuid.success) return undefined;
  const track = await findTrackByUuid(db, parsedUuid.data);
  if (!track) return undefined;

  const available = await platformsWithExtent(db, track.id);
  const extent = dataExtent(available);
  const known = new Set(available.map((platform) => platform.slug));
  const chosen = view.platforms?.filter((slug) => known.has(slug));
  const shownSlugs = new Set(chosen && chosen.length > 0 ? chosen : known);
  const settled: TrackView = { ...view, platforms: chosen && chosen.length > 0 && chosen.length < known.size ? chosen : undefined };
  if (!extent || available.length === 0) {
    return { track, view: settled, scale: chooseScale(view.scale, []), extent: undefined, range: undefined, series: [], dates: [], events: [], drops: [], history: undefined };
  }

  const range = resolveRange(view, extent);
  const readFrom = addDays(range.start, -LEAD_IN_DAYS);
  const read = await readComparisonChart(db, track.uuid, undefined, { startDate: readFrom, endDate: range.end });
  const platforms = read.found === 'track' ? read.platforms : [];
  const aligned = alignSeries(
    platforms.map((platform) => platform.id),
    read.found === 'track' ? read.points : [],
  );
  const events = read.found === 'track' ? read.events : [];
  // A version added brings its whole history into the total on one day; the changes count only what each identifier gained.
  const values =
    view.mode === 'cumulative'
      ? aligned.values
      : aligned.values.map((row, index) => withoutVersionsAdded(aligned.dates, row, platforms[index]?.id ?? -1, events));
  const inMode = transformSeries(aligned.dates, values, { mode: view.mode, scale: 'linear', startDate: range.start });
  // The platforms shown decide the default scale; the hidden ones are not on the axis.
  const scale = chooseScale(
    view.scale,
    inMode.series.filter((_, index) => shownSlugs.has(platforms[index]?.slug ?? '')),
  );
  const { dates, series } =
    scale.scale === 'linear' ? inMode : transformSeries(aligned.dates, values, { mode: view.mode, scale: scale.scale, startDate: range.start });
  const shownPlatforms = new Map(platforms.filter((platform) => shownSlugs.has(platform.slug)).map((platform) => [platform.id, platform]));
  const from = aligned.dates.length - dates.length;
  const drops =
    view.mode === 'cumulative'
      ? []
      : platforms.flatMap((platform, index) => (shownSlugs.has(platform.slug) ? dropEvents(aligned.dates, values[index] ?? [], platform.slug, from) : []));
  return {
    track,
    view: settled,
    scale,
    extent,
    range,
    dates,
    drops,
    history: readFrom <= extent.start ? read : undefined,
    series: platforms.map((platform, index) => ({
      slug: platform.slug,
      name: platform.name,
      metricName: platform.audienceMetricName,
      color: platform.color,
      shown: shownSlugs.has(platform.slug),
      values: (series[index] ?? []).map(roundForDisplay),
    })),
    events: events.flatMap((event) => {
      const platform = shownPlatforms.get(event.platformId);
      return platform && event.date >= range.start ? [{ ...event, platformName: platform.name, metricName: platform.audienceMetricName }] : [];
    }),
  };
}

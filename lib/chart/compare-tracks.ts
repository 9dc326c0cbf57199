import type { Database } from '@/db/client';
import type { Track } from '@/db/schema';
import { drops } from '@/lib/analytics/daily-change';
import { platformNotFound, requirePlatforms, requireTracks } from '@/lib/catalogue/lookups';
import { daysBetween } from '@/lib/dates';
import { AppError } from '@/lib/errors';
import { hexToRgba, platformSummary, trackSummary } from './chartjs';
import type { ChartData, ComparisonDataset, PlatformSummary, TrackSummary } from './chartjs';
import { deriveValues, dropEvents, firstShown, modeLabel, readWindow } from './modes';
import type { ChartMode, DataEvent } from './modes';
import { withoutVersionsAdded } from './data-events';
import { readSingleChart } from './queries';
import type { ChartWindow } from './queries';
import { alignSeries } from './series';
import type { DatedValue } from './series';

/**
 * Several tracks on one platform, one dataset each: on the calendar, or aligned on their release
 * (Day 0 is the release date), so that launches can be compared whatever their year.
 */

export const alignments = ['calendar', 'release'] as const;
export type Alignment = (typeof alignments)[number];

type TrackDataEvent = DataEvent & { track: string };
type ComparedTrack = TrackSummary & { release_date: string | null };
export type TrackComparison = {
  platform: PlatformSummary;
  tracks: ComparedTrack[];
  align: Alignment;
  chart_data: ChartData<ComparisonDataset>;
  data_events?: TrackDataEvent[];
};

// One colour per track, in the order asked; ten, as a comparison holds ten tracks at most.
const TRACK_COLORS = ['#3b82f6', '#ef4444', '#10b981', '#f59e0b', '#8b5cf6', '#ec4899', '#06b6d4', '#84cc16', '#f97316', '#6b7280'];

type ComparedRow = Pick<Track, 'uuid' | 'name' | 'creditName' | 'releaseDate'>;

function trackDataset(track: ComparedRow, platformName: string, index: number, mode: ChartMode, data: (number | null)[]): ComparisonDataset {
  const color = TRACK_COLORS[index % TRACK_COLORS.length] as string;
  return { label: modeLabel(`${track.name} (${track.creditName}) on ${platformName}`, mode), data, borderColor: color, backgroundColor: hexToRgba(color, 0.1) };
}

/** "Day 0", "Day 1", ...: the labels of a release alignment. */
function dayLabel(day: number): string {
  return `Day ${day}`;
}

/**
 * Each track's series put on days since its release: the value of Day k is that of the release
 * date plus k days; days before the release are left out. `limit` keeps Day 0 to Day limit - 1.
 */
export function alignOnRelease(
  series: readonly { releaseDate: string; points: readonly DatedValue[]; values: readonly (number | null)[] }[],
  limit: number | undefined,
): { labels: string[]; rows: (number | null)[][] } {
  const placed = series.map(({ releaseDate, points, values }) =>
    points.flatMap((point, index) => {
      const day = daysBetween(releaseDate, point.date);
      return day >= 0 && (limit === undefined || day < limit) ? [{ day, value: values[index] ?? null }] : [];
    }),
  );
  const lastDay = Math.max(-1, ...placed.flatMap((days) => days.map((each) => each.day)));
  const labels = Array.from({ length: lastDay + 1 }, (_, day) => dayLabel(day));
  const rows = placed.map((days) => {
    const row = new Array<number | null>(labels.length).fill(null);
    for (const { day, value } of days) row[day] = value;
    return row;
  });
  return { labels, rows };
}

export async function compareTracks(
  db: Database,
  uuids: readonly string[],
  platformSlug: string,
  options: { align: Alignment; mode: ChartMode; window: ChartWindow },
): Promise<TrackComparison> {
  const { align, mode, window } = options;
  const [rows, [platform]] = await Promise.all([requireTracks(db, uuids), requirePlatforms(db, [platformSlug])]);
  if (!platform) throw platformNotFound(platformSlug);
  if (align === 'release') {
    const undated = rows.filter((track) => !track.releaseDate);
    if (undated.length > 0) {
      const names = undated.map((track) => `${track.name} (${track.uuid})`).join(', ');
      throw new AppError('invalid_input', `align=release needs a release date, and none is known for ${names}`);
    }
  }
  const toRead: ChartWindow = align === 'release' ? {} : mode === 'cumulative' ? window : readWindow(window, mode);
  const reads = await Promise.all(rows.map((track) => readSingleChart(db, track.uuid, platformSlug, toRead)));
  // In a derived mode, a version added is what it gained, not its whole history (see withoutVersionsAdded).
  const points = reads.map((read) => {
    if (read.found !== 'both') return [];
    if (mode === 'cumulative') return read.points;
    const growth = withoutVersionsAdded(
      read.points.map((point) => point.date),
      read.points.map((point) => point.value),
      read.platform.id,
      read.events,
    );
    return read.points.map((point, index) => ({ ...point, value: growth[index] ?? point.value }));
  });
  const summaries = rows.map((track) => ({ ...trackSummary(track), release_date: track.releaseDate }));
  const derive = (dates: readonly string[], values: readonly (number | null)[]): (number | null)[] =>
    mode === 'cumulative' ? [...values] : deriveValues(dates, values, mode);

  let labels: string[];
  let data: (number | null)[][];
  let events: TrackDataEvent[] = [];
  if (align === 'calendar') {
    const aligned = alignSeries(
      rows.map((_, index) => index),
      points.flatMap((series, index) => series.map((point) => ({ ...point, platformId: index }))),
    );
    const from = firstShown(aligned.dates, window);
    labels = aligned.dates.slice(from);
    data = aligned.values.map((values) => derive(aligned.dates, values).slice(from));
    if (mode !== 'cumulative') {
      events = rows.flatMap((track, index) =>
        dropEvents(aligned.dates, aligned.values[index] ?? [], platform.slug, from).map((event) => ({ ...event, track: track.uuid })),
      );
    }
  } else {
    const series = points.map((trackPoints, index) => {
      const dates = trackPoints.map((point) => point.date);
      return { releaseDate: rows[index]?.releaseDate as string, points: trackPoints, values: derive(dates, trackPoints.map((point) => point.value)) };
    });
    ({ labels, rows: data } = alignOnRelease(series, window.limit));
    if (mode !== 'cumulative') {
      events = points.flatMap((trackPoints, index) => {
        const track = rows[index] as ComparedRow;
        return drops(trackPoints.map((point) => point.date), trackPoints.map((point) => point.value))
          .filter((drop) => {
            const day = daysBetween(track.releaseDate as string, drop.date);
            return day >= 0 && (window.limit === undefined || day < window.limit);
          })
          .map((drop) => ({ type: 'drop' as const, date: drop.date, platform: platform.slug, change: drop.change, track: track.uuid }));
      });
    }
  }
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const datasets = rows.map((track, index) => trackDataset(track, platform.name, index, mode, data[index] ?? []));
  return {
    platform: platformSummary(platform),
    tracks: summaries,
    align,
    chart_data: labels.length === 0 ? { labels: [], datasets: [] } : { labels, datasets },
    ...(mode === 'cumulative' ? {} : { data_events: events }),
  };
}

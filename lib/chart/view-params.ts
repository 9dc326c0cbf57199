import { z } from 'zod';
import { scaleModes, valueModes } from './value-modes';
import type { ScaleMode, ValueMode } from './value-modes';
import { addDays, isoDateSchema } from '@/lib/dates';
import { platformSlugSchema } from '@/lib/identifiers';

/**
 * The track page's view, kept in the URL so that a view can be shared. Every field falls back to
 * its default when missing or malformed (a hand-edited URL shows the default view, never an error).
 */

const rangePresets = ['30d', '90d', '1y', 'all', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

const tableRows = ['latest', 'all'] as const;
type TableRows = (typeof tableRows)[number];

export type TrackView = {
  /** Undefined: every platform the track has data on. */
  platforms: string[] | undefined;
  range: RangePreset;
  from: string | undefined;
  to: string | undefined;
  mode: ValueMode;
  /** Undefined: none asked for, so the page picks one to suit the numbers (see chooseScale). */
  scale: ScaleMode | undefined;
  /** Days of forecast drawn after the range (forecast=30 in the URL); undefined for none. */
  forecast: number | undefined;
  /** The table under the chart: its latest days (the default) or every day of the range (table=all). */
  table: TableRows;
};

export const DEFAULT_TRACK_VIEW: TrackView = {
  platforms: undefined,
  range: '1y',
  from: undefined,
  to: undefined,
  mode: 'cumulative',
  scale: undefined,
  forecast: undefined,
  table: 'latest',
};

// As the insights route's horizon.
const MAX_FORECAST_DAYS = 180;

/** A parameter given twice counts once: the first value wins. */
const single = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

const slugList = z
  .string()
  .transform((value) =>
    [...new Set(value.split(','))].filter((slug) => platformSlugSchema.safeParse(slug).success),
  )
  .transform((slugs) => (slugs.length === 0 ? undefined : slugs));

const optionalDate = z.preprocess(single, isoDateSchema.optional()).catch(undefined);

const trackViewSchema = z.object({
  platforms: z.preprocess(single, slugList.optional()).catch(undefined),
  range: z.preprocess(single, z.enum(rangePresets).default(DEFAULT_TRACK_VIEW.range)).catch(DEFAULT_TRACK_VIEW.range),
  from: optionalDate,
  to: optionalDate,
  mode: z.preprocess(single, z.enum(valueModes).default(DEFAULT_TRACK_VIEW.mode)).catch(DEFAULT_TRACK_VIEW.mode),
  scale: z.preprocess(single, z.enum(scaleModes).optional()).catch(undefined),
  forecast: z.preprocess(single, z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_FORECAST_DAYS)).optional()).catch(undefined),
  table: z.preprocess(single, z.enum(tableRows).default(DEFAULT_TRACK_VIEW.table)).catch(DEFAULT_TRACK_VIEW.table),
});

export function parseTrackView(searchParams: Record<string, string | string[] | undefined>): TrackView {
  const { platforms, range, from, to, mode, scale, forecast, table } = trackViewSchema.parse(searchParams);
  return { platforms, range, from, to, mode, scale, forecast, table };
}

export type DateRange = { start: string; end: string };

const presetDays: Record<Exclude<RangePreset, 'all' | 'custom'>, number> = { '30d': 30, '90d': 90, '1y': 365 };

/**
 * The dates a view covers. Presets count back from the track's newest point rather than from today,
 * so a track that has not been refreshed lately still shows its last 30 days, not an empty chart.
 * A custom range with a missing end uses the data's own first or last day; reversed ends are swapped.
 */
export function resolveRange(view: Pick<TrackView, 'range' | 'from' | 'to'>, extent: DateRange): DateRange {
  if (view.range === 'all') return extent;
  if (view.range === 'custom') {
    const start = view.from ?? extent.start;
    const end = view.to ?? extent.end;
    return start <= end ? { start, end } : { start: end, end: start };
  }
  return { start: addDays(extent.end, 1 - presetDays[view.range]), end: extent.end };
}

/** The query string of a view, leaving out what equals the default so shared links stay short. */
export function trackViewQuery(view: TrackView): string {
  const params = new URLSearchParams();
  if (view.platforms !== undefined) params.set('platforms', view.platforms.join(','));
  if (view.range !== DEFAULT_TRACK_VIEW.range) params.set('range', view.range);
  if (view.range === 'custom') {
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', view.to);
  }
  if (view.mode !== DEFAULT_TRACK_VIEW.mode) params.set('mode', view.mode);
  // An explicit scale stays in the URL even when it is the one that would be picked anyway: the
  // reader's choice must survive data that would make the page pick another.
  if (view.scale !== undefined) params.set('scale', view.scale);
  if (view.forecast !== undefined) params.set('forecast', String(view.forecast));
  if (view.table !== DEFAULT_TRACK_VIEW.table) params.set('table', view.table);
  const query = params.toString().replaceAll('%2C', ',');
  return query ? `?${query}` : '';
}

export function trackViewHref(uuid: string, view: TrackView): string {
  return `/tracks/${uuid}${trackViewQuery(view)}`;
}

/**
 * The platforms shown after switching one on or off, in catalogue order; undefined when that is all
 * of them (the default). Switching off the last one shown is refused: an empty chart helps no one.
 */
export function togglePlatform(
  shown: readonly string[],
  available: readonly string[],
  slug: string,
): string[] | undefined {
  const next = shown.includes(slug) ? shown.filter((item) => item !== slug) : [...shown, slug];
  const ordered = available.filter((item) => next.includes(item));
  if (ordered.length === 0) return [...shown];
  return ordered.length === available.length ? undefined : ordered;
}

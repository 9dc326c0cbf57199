import { z } from 'zod';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { alignments } from './compare-tracks';
import type { Alignment } from './compare-tracks';
import { chartModes } from './modes';
import type { ChartMode } from './modes';
import { scaleModes } from './value-modes';
import type { ScaleMode } from './value-modes';

/**
 * The compare page's view, kept in its URL with the compare route's own parameters (tracks,
 * platform, align, mode) so that a page and its data share one link, plus the page's scale, which
 * the route has no use for. Like the track page, a malformed value falls back to its default; a
 * malformed track is left out; no scale means the page picks one to suit the numbers (chooseScale).
 */
export type CompareView = { tracks: string[]; platform: string; align: Alignment; mode: ChartMode; scale: ScaleMode | undefined };

export const MAX_COMPARED_TRACKS = 10;

const single = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** Uuids from `tracks=a,b` or from the list page's form (`track=a&track=b`), each once, valid ones only. */
function trackUuids(tracks: unknown, track: unknown): string[] {
  const raw = [...String(single(tracks) ?? '').split(','), ...(Array.isArray(track) ? track : track === undefined ? [] : [track]).map(String)];
  const valid = raw.flatMap((value) => {
    const parsed = trackUuidSchema.safeParse(value.trim());
    return parsed.success ? [parsed.data] : [];
  });
  return [...new Set(valid)];
}

const viewSchema = z.object({
  platform: z.preprocess(single, platformSlugSchema.default('spotify')).catch('spotify'),
  align: z.preprocess(single, z.enum(alignments).default('calendar')).catch('calendar'),
  mode: z.preprocess(single, z.enum(chartModes).default('cumulative')).catch('cumulative'),
  scale: z.preprocess(single, z.enum(scaleModes).optional()).catch(undefined),
});

export function parseCompareView(searchParams: Record<string, string | string[] | undefined>): CompareView {
  const { platform, align, mode, scale } = viewSchema.parse(searchParams);
  return { tracks: trackUuids(searchParams.tracks, searchParams.track), platform, align, mode, scale };
}

/** The page's URL for a view, defaults left out; with `format`, the compare route's download of it. */
export function compareHref(view: CompareView, format?: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams({ tracks: view.tracks.join(','), platform: view.platform });
  if (view.align !== 'calendar') params.set('align', view.align);
  if (view.mode !== 'cumulative') params.set('mode', view.mode);
  if (format) params.set('format', format);
  else if (view.scale !== undefined) params.set('scale', view.scale);
  const query = params.toString().replaceAll('%2C', ',');
  return format ? `/soundcharts/audience/compare/?${query}` : `/compare?${query}`;
}

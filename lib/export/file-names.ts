import type { ChartMode } from '@/lib/chart/modes';
import type { ExportFormat } from './csv';

/** Lower-case ASCII words joined by hyphens; what a file name can carry on every system. */
function fileWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * The download's file name: track, platform(s), the mode when not cumulative, and the first and
 * last day, e.g. bad-guy_spotify_daily_2025-07-21_2025-07-23.csv. A title with no Latin letters
 * falls back to the track's uuid.
 */
export function exportFileName(
  parts: { trackName: string; trackUuid: string; platforms: readonly string[]; mode: ChartMode; labels: readonly string[] },
  extension: Exclude<ExportFormat, 'json'>,
): string {
  const first = parts.labels[0];
  const last = parts.labels.at(-1);
  const words = [
    fileWord(parts.trackName) || parts.trackUuid,
    parts.platforms.map(fileWord).join('-') || 'no-platform',
    parts.mode === 'cumulative' ? undefined : parts.mode,
    first && last ? `${first}_${last}` : 'no-data',
  ];
  return `${words.filter((word) => word !== undefined).join('_')}.${extension}`;
}

/**
 * The file name of a comparison of tracks: their titles joined by "-vs-", the platform, a release
 * alignment, a derived mode, and the first and last label, e.g.
 * bad-guy-vs-lovely_spotify_release_daily_day-0_day-90.csv.
 */
export function comparisonFileName(
  parts: { tracks: readonly { name: string; uuid: string }[]; platform: string; align: 'calendar' | 'release'; mode: ChartMode; labels: readonly string[] },
  extension: Exclude<ExportFormat, 'json'>,
): string {
  const first = parts.labels[0];
  const last = parts.labels.at(-1);
  const words = [
    parts.tracks.map((track) => fileWord(track.name) || track.uuid).join('-vs-'),
    fileWord(parts.platform),
    parts.align === 'release' ? 'release' : undefined,
    parts.mode === 'cumulative' ? undefined : parts.mode,
    first && last ? `${fileWord(first)}_${fileWord(last)}` : 'no-data',
  ];
  return `${words.filter((word) => word !== undefined).join('_')}.${extension}`;
}

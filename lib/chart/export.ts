import type { ChartData } from './chartjs';
import type { ChartMode } from './modes';

/**
 * Exports of a chart reply: one row per label, a column per dataset, the same values as the JSON
 * reply. Rows are produced one at a time from the reply, never gathered into a second table.
 */

export const exportFormats = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type ExportableChart = Pick<ChartData<{ label: string; data: (number | null)[] }>, 'labels' | 'datasets'>;

/** What the labels are: calendar days, or days since release ("Day 0", written as they are). */
export type LabelColumn = 'date' | 'day';

/**
 * A number written in full, as a spreadsheet or a strict parser reads it back: no thousands
 * separators, and no exponent, which JavaScript uses from 1e21 up and below 1e-6.
 */
export function plainNumber(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt === -1) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const mantissa = text.slice(sign.length, exponentAt);
  const exponent = Number(text.slice(exponentAt + 1));
  const digits = mantissa.replace('.', '');
  const pointAt = (mantissa.includes('.') ? mantissa.indexOf('.') : mantissa.length) + exponent;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** A CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled, as every CSV reader expects. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header and then one line per label, each ending in CRLF; an empty cell where a dataset has no point. */
export function* csvLines(chart: ExportableChart, labelColumn: LabelColumn = 'date'): Generator<string> {
  yield `${[labelColumn, ...chart.datasets.map((dataset) => dataset.label)].map(csvField).join(',')}\r\n`;
  for (let row = 0; row < chart.labels.length; row += 1) {
    const cells = chart.datasets.map((dataset) => {
      const value = dataset.data[row];
      return value === null || value === undefined ? '' : plainNumber(value);
    });
    yield `${[csvField(chart.labels[row] as string), ...cells].join(',')}\r\n`;
  }
}

const LINES_PER_CHUNK = 256;

/** The CSV as a byte stream, encoded a few hundred lines at a time as the reader asks for them. */
export function csvStream(chart: ExportableChart, labelColumn: LabelColumn = 'date'): ReadableStream<Uint8Array> {
  const lines = csvLines(chart, labelColumn);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = '';
      for (let count = 0; count < LINES_PER_CHUNK; count += 1) {
        const next = lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

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

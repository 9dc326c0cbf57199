import type { ChartData } from '@/lib/chart/chartjs';

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

import { AppError } from '@/lib/errors';
import type { AudienceItem, AudiencePlot } from '@/lib/soundcharts/client';

/** One stored day of one pair, as written to track_audience_time_series. */
export type AudienceRow = { date: string; value: number; identifier: string; apiData: unknown };

const byIdentifierThenValue = (a: AudiencePlot, b: AudiencePlot): number =>
  a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : a.value - b.value;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): AppError {
  return new AppError('upstream_invalid', `SoundCharts sent ${message}`);
}

/**
 * The raw item for api_data, its plots in identifier order: what is stored must not depend on the
 * order SoundCharts listed them in, or an unchanged day would count as updated.
 */
function canonicalRaw(item: AudienceItem): unknown {
  const raw = item.raw;
  if (!isRecord(raw) || !Array.isArray(raw.plots)) return raw;
  // By identifier, then by the whole plot, so that even two plots of one identifier sort the same way.
  const key = (plot: unknown): [string, string] => [isRecord(plot) ? String(plot.identifier ?? '') : '', JSON.stringify(plot) ?? ''];
  const plots = [...raw.plots].sort((a: unknown, b: unknown) => {
    const [left, leftWhole] = key(a);
    const [right, rightWhole] = key(b);
    if (left !== right) return left < right ? -1 : 1;
    return leftWhole < rightWhole ? -1 : leftWhole > rightWhole ? 1 : 0;
  });
  return { ...raw, plots };
}

/**
 * One value per date. The aggregation rule: several plots on one date are SUMMED. SoundCharts sends
 * one plot per platform identifier (versions of the same song, several TikTok sounds), each its own
 * cumulative total, so the song's total is their sum. Values must be non-negative integers and
 * every sum stays at or below Number.MAX_SAFE_INTEGER, where integer addition is exact and
 * therefore independent of plot order; anything else is refused rather than stored rounded.
 * A date without plots holds no value and is left out.
 */
export function aggregateAudienceItems(items: readonly AudienceItem[]): AudienceRow[] {
  const seen = new Set<string>();
  const rows: AudienceRow[] = [];
  for (const item of items) {
    if (seen.has(item.date)) throw invalid(`the date ${item.date} twice`);
    seen.add(item.date);
    if (item.plots.length === 0) continue;
    let total = 0;
    for (const plot of item.plots) {
      if (!Number.isSafeInteger(plot.value) || plot.value < 0) {
        throw invalid(
          `${plot.value} for ${item.date} (identifier ${plot.identifier}): expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
        );
      }
      total += plot.value;
      if (total > Number.MAX_SAFE_INTEGER) {
        throw invalid(`plots for ${item.date} that add up beyond ${Number.MAX_SAFE_INTEGER}`);
      }
    }
    const identifiers = [...item.plots].sort(byIdentifierThenValue).map((plot) => plot.identifier);
    rows.push({
      date: item.date,
      value: total,
      identifier: [...new Set(identifiers)].join(','),
      apiData: canonicalRaw(item),
    });
  }
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

import { AppError } from '@/lib/errors';
import type { AudienceItem, AudiencePlot } from '@/lib/soundcharts/client';

/** One day of a pair as SoundCharts sent it: the identifiers that reported, and the raw item for api_data. */
type FetchedDay = { date: string; identifiers: string; apiData: unknown };

/** What one platform identifier (a version of the song, a TikTok sound) reported on one day: its own cumulative total. */
export type IdentifierValue = { date: string; identifier: string; value: number };

export type FetchedSeries = { days: FetchedDay[]; values: IdentifierValue[] };

const byIdentifierThenValue = (a: AudiencePlot, b: AudiencePlot): number =>
  a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : a.value - b.value;

const byDate = (a: { date: string }, b: { date: string }): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

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
 * Splits SoundCharts' items into the days of the pair and each identifier's value per day; the
 * song's total is worked out from these by the store (lib/ingest/totals.ts), because it also needs
 * the identifiers' earlier values. Two plots of one identifier on one date, which SoundCharts has no
 * reason to send, are added up as the song's total always added them. Values must be whole numbers
 * from 0 and every day's sum stays at or below Number.MAX_SAFE_INTEGER, where integer addition is
 * exact and so independent of plot order; anything else is refused rather than stored rounded.
 * A date without plots holds no value and is left out.
 */
export function readIdentifierPlots(items: readonly AudienceItem[]): FetchedSeries {
  const seen = new Set<string>();
  const days: FetchedDay[] = [];
  const values: IdentifierValue[] = [];
  for (const item of items) {
    if (seen.has(item.date)) throw invalid(`the date ${item.date} twice`);
    seen.add(item.date);
    if (item.plots.length === 0) continue;
    let total = 0;
    const byIdentifier = new Map<string, number>();
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
      byIdentifier.set(plot.identifier, (byIdentifier.get(plot.identifier) ?? 0) + plot.value);
    }
    const identifiers = [...item.plots].sort(byIdentifierThenValue).map((plot) => plot.identifier);
    days.push({ date: item.date, identifiers: [...new Set(identifiers)].join(','), apiData: canonicalRaw(item) });
    for (const [identifier, value] of byIdentifier) values.push({ date: item.date, identifier, value });
  }
  values.sort((a, b) => byDate(a, b) || (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  return { days: days.sort(byDate), values };
}

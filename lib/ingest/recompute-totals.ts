import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { trackAudienceTimeSeries as series } from '@/db/schema';
import { recordAudienceChanges } from '@/lib/live/record-change';
import type { AudienceItem } from '@/lib/soundcharts/client';
import { readIdentifierPlots } from './identifier-plots';
import { upsertIdentifierValues } from './store';
import { recomputeTotals, refreshKnownIdentifiers } from './totals';
import type { Pair } from './totals';

/** The part of a stored raw item (api_data) that holds the identifiers' values; other fields are ignored. */
const storedItemSchema = z.object({
  plots: z.array(z.object({ identifier: z.string(), value: z.number() })),
});

export type RecomputeSummary = { pairs: number; identifierValues: number; daysChanged: number };

/**
 * Rebuilds one pair's identifier values from the raw items kept in api_data and rewrites the totals
 * that differ, without asking SoundCharts. Days whose api_data holds no plots (written before raw
 * items were kept, or seeded) keep their stored total. Call it inside a transaction.
 */
async function recomputePair(tx: Database, pair: Pair): Promise<{ identifierValues: number; daysChanged: number }> {
  const days = await tx
    .select({ date: series.date, apiData: series.apiData })
    .from(series)
    .where(and(eq(series.trackId, pair.trackId), eq(series.platformId, pair.platformId)))
    .orderBy(asc(series.date));
  const items: AudienceItem[] = days.flatMap((day) => {
    const stored = storedItemSchema.safeParse(day.apiData);
    return stored.success ? [{ date: day.date, plots: stored.data.plots, raw: day.apiData }] : [];
  });
  const { values } = readIdentifierPlots(items);
  const first = days[0]?.date;
  if (values.length === 0 || first === undefined) return { identifierValues: 0, daysChanged: 0 };
  await upsertIdentifierValues(tx, pair, values);
  await refreshKnownIdentifiers(tx, pair, values.map((value) => value.identifier));
  const daysChanged = await recomputeTotals(tx, pair, first);
  await recordAudienceChanges(tx, [{ trackId: pair.trackId, platformId: pair.platformId, firstDate: first }]);
  return { identifierValues: values.length, daysChanged };
}

/**
 * recomputePair for every pair with stored days, each in a transaction of its own so that a large
 * database is not held in one. Run it once after upgrading to per-identifier totals, with no ingest
 * running; running it again changes nothing.
 */
export async function recomputeStoredTotals(db: Database, onPair?: (done: number, total: number) => void): Promise<RecomputeSummary> {
  const pairs = await db
    .selectDistinct({ trackId: series.trackId, platformId: series.platformId })
    .from(series)
    .orderBy(asc(series.trackId), asc(series.platformId));
  const summary: RecomputeSummary = { pairs: pairs.length, identifierValues: 0, daysChanged: 0 };
  for (const [index, pair] of pairs.entries()) {
    const result = await db.transaction((tx) => recomputePair(tx, pair));
    summary.identifierValues += result.identifierValues;
    summary.daysChanged += result.daysChanged;
    onPair?.(index + 1, pairs.length);
  }
  return summary;
}

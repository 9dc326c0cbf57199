import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { trackAudienceIdentifierValues as values, trackAudienceTimeSeries as series } from '@/db/schema';
import type { FetchedSeries, IdentifierValue } from './identifier-plots';
import { recomputeTotals, refreshKnownIdentifiers, totalColumnsOn } from './totals';
import type { Pair } from './totals';

export type StoreCounts = { created: number; updated: number; unchanged: number };

/** Rows per statement: large enough that a year of a pair is one statement, small enough to stay far below parameter and memory limits. */
const UPSERT_CHUNK_ROWS = 5_000;

export async function lastStoredDate(db: Database, trackId: number, platformId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ date: series.date })
    .from(series)
    .where(and(eq(series.trackId, trackId), eq(series.platformId, platformId)))
    .orderBy(desc(series.date))
    .limit(1);
  return row?.date;
}

/** The oldest day of the pair whose total counts a version's last known value rather than its own. */
export async function earliestProvisionalDate(db: Database, trackId: number, platformId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ date: series.date })
    .from(series)
    .where(and(eq(series.trackId, trackId), eq(series.platformId, platformId), eq(series.provisional, true)))
    .orderBy(series.date)
    .limit(1);
  return row?.date;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size) result.push(rows.slice(start, start + size));
  return result;
}

/**
 * Upserts what each identifier reported, set-based, rewriting a value only when it differs.
 * Returns the earliest day whose value is new or changed: the song's totals from there on may change.
 */
export async function upsertIdentifierValues(
  tx: Database,
  pair: Pair,
  rows: readonly IdentifierValue[],
  chunkRows: number = UPSERT_CHUNK_ROWS,
): Promise<string | undefined> {
  let earliest: string | undefined;
  for (const chunk of chunks(rows, chunkRows)) {
    const payload = JSON.stringify(chunk.map((row) => ({ d: row.date, i: row.identifier, v: row.value })));
    const written = await tx
      .insert(values)
      .select(
        sql`select ${pair.trackId}::integer, ${pair.platformId}::integer, r.i, r.d, r.v
            from json_to_recordset(${payload}::json) as r(d date, i text, v bigint)`,
      )
      .onConflictDoUpdate({
        target: [values.trackId, values.platformId, values.identifier, values.date],
        set: { value: sql`excluded.value` },
        setWhere: sql`${values.value} is distinct from excluded.value`,
      })
      .returning({ date: values.date });
    for (const { date } of written) if (earliest === undefined || date < earliest) earliest = date;
  }
  return earliest;
}

/**
 * Stores one pair's fetched days: each identifier's values, then each day's total worked out from
 * them (lib/ingest/totals.ts), then the later stored days whose carried values changed. Set-based,
 * one INSERT ... SELECT from a JSON array per chunk; a day is rewritten only when its total,
 * provisional mark, identifiers or raw item differ, so a repeated fetch writes nothing, and
 * `xmax = 0` in RETURNING tells a fresh insert from an update. Call it inside the caller's
 * transaction so that a failure in a later statement leaves the earlier ones unwritten too.
 */
export async function storeAudienceSeries(
  tx: Database,
  trackId: number,
  platformId: number,
  fetched: FetchedSeries,
  fetchedAt: Date,
  chunkRows: number = UPSERT_CHUNK_ROWS,
): Promise<StoreCounts> {
  const pair = { trackId, platformId };
  const changedFrom = await upsertIdentifierValues(tx, pair, fetched.values, chunkRows);
  if (changedFrom !== undefined) await refreshKnownIdentifiers(tx, pair, fetched.values.map((row) => row.identifier));
  const counts: StoreCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const chunk of chunks(fetched.days, chunkRows)) {
    const payload = JSON.stringify(chunk.map((row) => ({ d: row.date, i: row.identifiers, a: row.apiData ?? {} })));
    const written = await tx
      .insert(series)
      .select(
        sql`select ${trackId}::integer, ${platformId}::integer, r.d, totals.total, r.i, ${fetchedAt.toISOString()}::timestamptz, r.a, totals.provisional
            from json_to_recordset(${payload}::json) as r(d date, i text, a jsonb) ${totalColumnsOn(pair, sql`r.d`)}`,
      )
      .onConflictDoUpdate({
        target: [series.trackId, series.platformId, series.date],
        set: {
          audienceValue: sql`excluded.audience_value`,
          platformIdentifier: sql`excluded.platform_identifier`,
          apiData: sql`excluded.api_data`,
          fetchedAt: sql`excluded.fetched_at`,
          provisional: sql`excluded.provisional`,
        },
        setWhere: sql`(${series.audienceValue}, ${series.provisional}, ${series.platformIdentifier}, ${series.apiData})
          is distinct from (excluded.audience_value, excluded.provisional, excluded.platform_identifier, excluded.api_data)`,
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    const created = written.filter((row) => row.inserted).length;
    counts.created += created;
    counts.updated += written.length - created;
    counts.unchanged += chunk.length - written.length;
  }
  // Stored days outside this fetch that carry a value which has just changed.
  if (changedFrom !== undefined) await recomputeTotals(tx, pair, changedFrom);
  return counts;
}

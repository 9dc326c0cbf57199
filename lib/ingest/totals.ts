import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { trackAudienceIdentifiers as known, trackAudienceTimeSeries as series } from '@/db/schema';

/**
 * A song's total on a day, from what its identifiers reported. Every identifier known for the pair
 * counts: its value that day, or, when it has not reported that day (a version that lags, a sound
 * that skipped a day), its last known value, which makes the day provisional. Summing only the
 * identifiers that reported would drop a lagging version's whole lifetime count for those days.
 * An identifier counts from its first day on; nothing is counted for it before.
 */

export type Pair = { trackId: number; platformId: number };

/**
 * One row (total, provisional, known) for the pair on `day`, an SQL date expression of the outer
 * query. Each identifier's value is one backward probe of the values' primary key.
 */
function totalOn(pair: Pair, day: SQL): SQL {
  return sql`select coalesce(sum(last.value), 0)::bigint as total,
      coalesce(bool_or(last.date < ${day}), false) as provisional,
      count(last.value)::integer as known
    from track_audience_identifiers k
    cross join lateral (
      select v.date, v.value from track_audience_identifier_values v
      where v.track_id = k.track_id and v.platform_id = k.platform_id and v.identifier = k.identifier and v.date <= ${day}
      order by v.date desc limit 1) last
    where k.track_id = ${pair.trackId}::integer and k.platform_id = ${pair.platformId}::integer and k.first_date <= ${day}`;
}

/** The columns of a pair's stored day that follow from its identifiers' values: `total` and `provisional` of totalOn. */
export function totalColumnsOn(pair: Pair, day: SQL): SQL {
  return sql`cross join lateral (${totalOn(pair, day)}) totals`;
}

/**
 * Records each identifier's first day and value for the pair (the identifiers known for it), from
 * the stored values: a backfill can bring an earlier first day than the one known.
 */
export async function refreshKnownIdentifiers(tx: Database, pair: Pair, identifiers: readonly string[]): Promise<void> {
  if (identifiers.length === 0) return;
  await tx
    .insert(known)
    .select(
      sql`select ${pair.trackId}::integer, ${pair.platformId}::integer, i.identifier, f.date, f.value
          from json_array_elements_text(${JSON.stringify([...new Set(identifiers)])}::json) as i(identifier)
          cross join lateral (
            select v.date, v.value from track_audience_identifier_values v
            where v.track_id = ${pair.trackId}::integer and v.platform_id = ${pair.platformId}::integer and v.identifier = i.identifier
            order by v.date limit 1) f`,
    )
    .onConflictDoUpdate({
      target: [known.trackId, known.platformId, known.identifier],
      set: { firstDate: sql`excluded.first_date`, firstValue: sql`excluded.first_value` },
      setWhere: sql`(${known.firstDate}, ${known.firstValue}) is distinct from (excluded.first_date, excluded.first_value)`,
    });
}

/**
 * Rewrites the stored totals of the pair from `fromDate` to its last stored day wherever they
 * differ from what the identifiers' values give: a changed value also changes the later days that
 * carry it. Days before any identifier was known (kept from before values were stored per
 * identifier) are left as they are. Returns how many days changed.
 *
 * An upsert of rows that all exist rather than an UPDATE ... FROM: each row is matched through the
 * primary key, where the planner, with no statistics on a table just written, joined the days to
 * themselves in a nested loop (four seconds for 3,000 days).
 */
export async function recomputeTotals(tx: Database, pair: Pair, fromDate: string): Promise<number> {
  const rewritten = await tx
    .insert(series)
    .select(
      sql`select d.track_id, d.platform_id, d.date, totals.total, d.platform_identifier, d.fetched_at, d.api_data, totals.provisional
          from track_audience_time_series d ${totalColumnsOn(pair, sql`d.date`)}
          where d.track_id = ${pair.trackId}::integer and d.platform_id = ${pair.platformId}::integer
            and d.date >= ${fromDate}::date and totals.known > 0
            and (d.audience_value, d.provisional) is distinct from (totals.total, totals.provisional)`,
    )
    .onConflictDoUpdate({
      target: [series.trackId, series.platformId, series.date],
      set: { audienceValue: sql`excluded.audience_value`, provisional: sql`excluded.provisional` },
    })
    .returning({ date: series.date });
  return rewritten.length;
}

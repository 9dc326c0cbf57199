import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { trackAudienceTimeSeries as series } from '@/db/schema';
import type { AudienceRow } from './aggregate-plots';

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

/**
 * Upserts one pair's rows, set-based: each chunk is one INSERT ... SELECT from a JSON array. A row
 * is rewritten only when its value, identifiers or raw item differ, so a repeated fetch writes
 * nothing; `xmax = 0` in RETURNING tells a fresh insert from an update. Call it inside the caller's
 * transaction so that a failure in a later chunk leaves the earlier ones unwritten too.
 */
export async function upsertAudienceRows(
  tx: Database,
  trackId: number,
  platformId: number,
  rows: readonly AudienceRow[],
  fetchedAt: Date,
  chunkRows: number = UPSERT_CHUNK_ROWS,
): Promise<StoreCounts> {
  const counts: StoreCounts = { created: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const payload = JSON.stringify(chunk.map((row) => ({ d: row.date, v: row.value, i: row.identifier, a: row.apiData ?? {} })));
    const written = await tx
      .insert(series)
      .select(
        sql`select ${trackId}::integer, ${platformId}::integer, r.d, r.v, r.i, ${fetchedAt.toISOString()}::timestamptz, r.a
            from json_to_recordset(${payload}::json) as r(d date, v bigint, i text, a jsonb)`,
      )
      .onConflictDoUpdate({
        target: [series.trackId, series.platformId, series.date],
        set: {
          audienceValue: sql`excluded.audience_value`,
          platformIdentifier: sql`excluded.platform_identifier`,
          apiData: sql`excluded.api_data`,
          fetchedAt: sql`excluded.fetched_at`,
        },
        setWhere: sql`(${series.audienceValue}, ${series.platformIdentifier}, ${series.apiData})
          is distinct from (excluded.audience_value, excluded.platform_identifier, excluded.api_data)`,
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    const created = written.filter((row) => row.inserted).length;
    counts.created += created;
    counts.updated += written.length - created;
    counts.unchanged += chunk.length - written.length;
  }
  return counts;
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** The tables whose content requests must leave unchanged when refused (rate-limit counters excluded: they count refusals). */
export const DATA_TABLES = ['platforms', 'tracks', 'track_audience_time_series', 'ingest_runs', 'ingest_pair_state'] as const;

/** Row count and a digest of every row of each data table: equal fingerprints, equal content. */
export async function databaseFingerprint(db: Database): Promise<Record<string, { rows: number; digest: string }>> {
  const fingerprint: Record<string, { rows: number; digest: string }> = {};
  for (const table of DATA_TABLES) {
    const [row] = await db
      .select({
        rows: sql<number>`count(*)::int`,
        digest: sql<string>`md5(coalesce(string_agg(t::text, '|' order by t::text), ''))`,
      })
      .from(sql`${sql.identifier(table)} as t`);
    fingerprint[table] = { rows: Number(row?.rows), digest: String(row?.digest) };
  }
  return fingerprint;
}

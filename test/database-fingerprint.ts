import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import type { Database } from '@/db/client';
import type { SeededApp } from './seeded-app';

/** The tables whose content requests must leave unchanged when refused (rate-limit counters excluded: they count refusals). */
const DATA_TABLES = ['platforms', 'tracks', 'track_audience_time_series', 'ingest_runs', 'ingest_pair_state'] as const;

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

export type DatabaseFingerprint = Awaited<ReturnType<typeof databaseFingerprint>>;

/** The fingerprint of a running app's PostgreSQL database; undefined on PGlite, which the app holds locked while it runs. */
export async function liveFingerprint(app: Pick<SeededApp, 'databaseUrl'>): Promise<DatabaseFingerprint | undefined> {
  if (!app.databaseUrl) return undefined;
  const handle = await openDatabase({ kind: 'postgres', url: app.databaseUrl, max: 1 });
  try {
    return await databaseFingerprint(handle.db);
  } finally {
    await handle.close();
  }
}

/** The fingerprint at the end of a test file: on PGlite the app is stopped first, so that its folder can be opened. */
export async function finalFingerprint(app: SeededApp): Promise<DatabaseFingerprint> {
  if (!app.pgliteDir) return (await liveFingerprint(app)) ?? {};
  await app.server.close();
  const handle = await openDatabase({ kind: 'pglite', dir: app.pgliteDir });
  try {
    return await databaseFingerprint(handle.db);
  } finally {
    await handle.close();
  }
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { ingestRuns } from '@/db/schema';
import { readQuota } from '@/lib/soundcharts/quota';
import type { QuotaReading } from '@/lib/soundcharts/quota';

type RunCount = { trigger: string; status: string; count: number };
type ConnectionCount = { state: string; count: number };

// Only read on PostgreSQL, where postgres.js answers execute() with an array of rows.
const connectionRows = z.array(z.object({ state: z.string(), count: z.coerce.number().int() }));

export type StoredFigures = {
  ingestRuns: RunCount[];
  quota: QuotaReading | undefined;
  /** Connections of every app instance to this database, by state; undefined on the embedded database. */
  connections: ConnectionCount[] | undefined;
};

/**
 * Figures read from the database when metrics are scraped, not counted in the process: every
 * instance (and the CLI) writes ingest runs and quota readings there, so any instance reports the
 * same totals, and a restart loses none. The runs are counted whole at each scrape: ingest_runs
 * grows by a row a pair a day, which a count reads in milliseconds for years.
 */
export async function readStoredFigures(db: Database, options: { appId: string | undefined; postgres: boolean }): Promise<StoredFigures> {
  const runs = await db
    .select({ trigger: ingestRuns.trigger, status: ingestRuns.status, count: sql<number>`count(*)::int` })
    .from(ingestRuns)
    .groupBy(ingestRuns.trigger, ingestRuns.status);
  const quota = options.appId === undefined ? undefined : await readQuota(db, options.appId);
  // postgres.js keeps its pool's counts private; the server's own view names each instance's connections by state.
  const connections = options.postgres
    ? await db.execute(
        sql`select coalesce(state, 'unknown') as state, count(*)::int as count from pg_stat_activity
            where datname = current_database() and application_name = 'audience' group by 1 order by 1`,
      )
    : undefined;
  return {
    ingestRuns: runs,
    quota,
    connections: connections === undefined ? undefined : connectionRows.parse(Array.from(connections as Iterable<unknown>)),
  };
}

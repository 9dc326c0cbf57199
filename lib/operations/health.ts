import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ingestRuns, platforms, trackAudienceTimeSeries } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { readQuota } from '@/lib/soundcharts/quota';

export type HealthSettings = {
  /** YYYY-MM-DD, UTC. */
  today: string;
  maxDataAgeDays: number;
  quotaFloor: number;
  /** Unset: no SoundCharts credentials, so no quota to watch. */
  appId: string | undefined;
};

export type Health = { status: 'ok' | 'degraded'; reasons: string[] };

/** The newest day stored on any platform: one index descent per platform (the series' key is platform first). */
async function newestStoredDay(db: Database): Promise<string | null> {
  const rows = await db
    .select({
      newest: sql<string | null>`(select max(${trackAudienceTimeSeries.date})::text from ${trackAudienceTimeSeries} where ${trackAudienceTimeSeries.platformId} = ${platforms.id})`,
    })
    .from(platforms);
  return rows.reduce<string | null>((newest, row) => (row.newest !== null && (newest === null || row.newest > newest) ? row.newest : newest), null);
}

async function dataAgeReason(db: Database, settings: HealthSettings): Promise<string | undefined> {
  const newest = await newestStoredDay(db);
  if (newest === null) return 'no audience data is stored yet';
  const expected = addDays(settings.today, -settings.maxDataAgeDays);
  if (newest >= expected) return undefined;
  return `the newest stored day is ${newest}, older than ${settings.maxDataAgeDays} days (expected ${expected} or later)`;
}

async function quotaReason(db: Database, settings: HealthSettings): Promise<string | undefined> {
  if (settings.appId === undefined) return undefined;
  const reading = await readQuota(db, settings.appId);
  if (reading === undefined || reading.remaining > settings.quotaFloor) return undefined;
  return `the SoundCharts quota is at ${reading.remaining} (read ${reading.observedAt.toISOString()}), not above the floor of ${settings.quotaFloor}: no call is made`;
}

/** A scheduled cycle is one call of the cron route: its runs share the call's request id. */
async function lastCycleReason(db: Database): Promise<string | undefined> {
  const [last] = await db
    .select({ id: ingestRuns.id, requestId: ingestRuns.requestId })
    .from(ingestRuns)
    .where(eq(ingestRuns.trigger, 'cron'))
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(1);
  if (last === undefined) return undefined;
  const cycle = last.requestId === null ? eq(ingestRuns.id, last.id) : and(eq(ingestRuns.trigger, 'cron'), eq(ingestRuns.requestId, last.requestId));
  const [counts] = await db
    .select({ runs: sql<number>`count(*)::int`, failed: sql<number>`(count(*) filter (where ${ingestRuns.status} = 'failed'))::int` })
    .from(ingestRuns)
    .where(cycle);
  if (counts === undefined || counts.failed === 0) return undefined;
  return `${counts.failed} of ${counts.runs} pairs failed in the last scheduled cycle (request ${last.requestId ?? `run ${last.id}`})`;
}

/** What makes the service degraded though it answers: stale data, the quota spent, the last cycle failing. */
export async function checkHealth(db: Database, settings: HealthSettings): Promise<Health> {
  const reasons = (await Promise.all([dataAgeReason(db, settings), quotaReason(db, settings), lastCycleReason(db)])).filter(
    (reason): reason is string => reason !== undefined,
  );
  return { status: reasons.length === 0 ? 'ok' : 'degraded', reasons };
}

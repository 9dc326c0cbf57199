import { and, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ingestRuns } from '@/db/schema';
import type { IngestRunStatus } from '@/db/schema';
import { addDays, todayUtc } from '@/lib/dates';

export type DailyCalls = { day: string; runs: number; calls: number };

/**
 * Billed audience calls per UTC day over the last `days` days, oldest first, every day present: each
 * run that asked SoundCharts for a window counts a call per 100 days of it, as the client pages.
 * Imports of track metadata (a call each) are not recorded as runs and are not counted.
 */
export async function callsPerDay(db: Database, options: { days: number; now: Date }): Promise<DailyCalls[]> {
  const today = todayUtc(options.now);
  const first = addDays(today, -(options.days - 1));
  const day = sql<string>`((${ingestRuns.startedAt} at time zone 'UTC')::date)::text`;
  const rows = await db
    .select({
      day,
      runs: sql<number>`count(*)`.mapWith(Number),
      calls: sql<number>`sum(ceil((${ingestRuns.windowEnd} - ${ingestRuns.windowStart} + 1) / 100.0))`.mapWith(Number),
    })
    .from(ingestRuns)
    .where(and(gte(ingestRuns.startedAt, new Date(`${first}T00:00:00Z`)), isNotNull(ingestRuns.windowStart), isNotNull(ingestRuns.windowEnd)))
    .groupBy(day);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return Array.from({ length: options.days }, (_, index) => {
    const date = addDays(first, index);
    const row = byDay.get(date);
    return { day: date, runs: row?.runs ?? 0, calls: row?.calls ?? 0 };
  });
}

export type CronCycle = { startedAt: Date; finishedAt: Date | null; pairs: number; byStatus: Record<IngestRunStatus, number>; recordsCreated: number; recordsUpdated: number };

/**
 * The scheduler's last call, read from its runs: the cron runs started within `spanMs` (its time
 * budget and a margin) before the last one started. Undefined when the scheduler has never run.
 */
export async function lastCronCycle(db: Database, spanMs: number): Promise<CronCycle | undefined> {
  const [last] = await db
    .select({ startedAt: ingestRuns.startedAt })
    .from(ingestRuns)
    .where(eq(ingestRuns.trigger, 'cron'))
    .orderBy(desc(ingestRuns.startedAt))
    .limit(1);
  if (!last) return undefined;
  const rows = await db
    .select({
      status: ingestRuns.status,
      runs: sql<number>`count(*)`.mapWith(Number),
      firstStarted: sql<Date>`min(${ingestRuns.startedAt})`.mapWith(ingestRuns.startedAt),
      lastFinished: sql<Date | null>`max(${ingestRuns.finishedAt})`.mapWith(ingestRuns.finishedAt),
      created: sql<number>`sum(${ingestRuns.recordsCreated})`.mapWith(Number),
      updated: sql<number>`sum(${ingestRuns.recordsUpdated})`.mapWith(Number),
    })
    .from(ingestRuns)
    .where(and(eq(ingestRuns.trigger, 'cron'), gte(ingestRuns.startedAt, new Date(last.startedAt.getTime() - spanMs))))
    .groupBy(ingestRuns.status);
  const byStatus: Record<IngestRunStatus, number> = { running: 0, succeeded: 0, failed: 0, skipped: 0 };
  for (const row of rows) byStatus[row.status] = row.runs;
  const finished = rows.flatMap((row) => (row.lastFinished ? [row.lastFinished] : []));
  return {
    startedAt: rows.reduce((earliest, row) => (row.firstStarted < earliest ? row.firstStarted : earliest), last.startedAt),
    finishedAt: byStatus.running > 0 || finished.length === 0 ? null : finished.reduce((latest, at) => (at > latest ? at : latest)),
    pairs: rows.reduce((sum, row) => sum + row.runs, 0),
    byStatus,
    recordsCreated: rows.reduce((sum, row) => sum + row.created, 0),
    recordsUpdated: rows.reduce((sum, row) => sum + row.updated, 0),
  };
}

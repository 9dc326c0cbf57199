import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ingestRuns, platforms, tracks } from '@/db/schema';
import type { IngestRun, IngestTrigger } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { ErrorCode } from '@/lib/errors';
import type { StoreCounts } from './store';
import type { IngestWindow } from './fetch-window';

export type RunStart = {
  trackId: number;
  platformId: number;
  trigger: IngestTrigger;
  forceRefresh: boolean;
  requestId: string | undefined;
  now: Date;
  leaseMs: number;
};

export type RunLock = { acquired: true; run: IngestRun } | { acquired: false; running: IngestRun };

const isRunning = sql`${ingestRuns.status} = 'running'`;

/**
 * Takes the pair's lock: inserts its 'running' run, which the partial unique index admits once per
 * pair. When another run holds it, that run is returned, unless its lease ran out (its process
 * stopped without finishing): then it is marked failed and the lock taken over.
 */
export async function acquireRun(db: Database, start: RunStart): Promise<RunLock> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const [run] = await db
      .insert(ingestRuns)
      .values({
        trackId: start.trackId,
        platformId: start.platformId,
        trigger: start.trigger,
        forceRefresh: start.forceRefresh,
        requestId: start.requestId,
        status: 'running',
        startedAt: start.now,
        leaseExpiresAt: new Date(start.now.getTime() + start.leaseMs),
      })
      .onConflictDoNothing({ target: [ingestRuns.trackId, ingestRuns.platformId], where: isRunning })
      .returning();
    if (run) return { acquired: true, run };
    const [running] = await db
      .select()
      .from(ingestRuns)
      .where(and(eq(ingestRuns.trackId, start.trackId), eq(ingestRuns.platformId, start.platformId), isRunning))
      .limit(1);
    if (!running) continue;
    if (running.leaseExpiresAt > start.now) return { acquired: false, running };
    await abandonRun(db, running, start.now);
  }
  throw new AppError('conflict', 'The ingest lock of this pair changed hands repeatedly; try again');
}

async function abandonRun(db: Database, run: IngestRun, now: Date): Promise<void> {
  await db
    .update(ingestRuns)
    .set({
      status: 'failed',
      finishedAt: now,
      errorCode: 'internal',
      error: `Abandoned: its lease expired at ${run.leaseExpiresAt.toISOString()} before it finished (its process stopped?)`,
    })
    .where(and(eq(ingestRuns.id, run.id), isRunning, lte(ingestRuns.leaseExpiresAt, now)));
}

/**
 * Gives up the runs a stopping process still holds (found by the request id it gave them): they are
 * marked failed at once, so that another worker takes their pairs over without waiting for the lease.
 */
export async function releaseRuns(db: Database, requestId: string, now: Date): Promise<number> {
  const released = await db
    .update(ingestRuns)
    .set({ status: 'failed', finishedAt: now, errorCode: 'internal', error: 'Released: its worker stopped before the run finished' })
    .where(and(eq(ingestRuns.requestId, requestId), isRunning))
    .returning({ id: ingestRuns.id });
  return released.length;
}

export async function renewLease(db: Database, runId: number, until: Date): Promise<void> {
  await db.update(ingestRuns).set({ leaseExpiresAt: until }).where(and(eq(ingestRuns.id, runId), isRunning));
}

export async function readRun(db: Database, runId: number): Promise<IngestRun | undefined> {
  const [run] = await db.select().from(ingestRuns).where(eq(ingestRuns.id, runId)).limit(1);
  return run;
}

/** Marks the run succeeded; false when it no longer holds the lock (its lease was taken over). */
export async function completeRun(
  tx: Database,
  runId: number,
  outcome: { finishedAt: Date; window: IngestWindow; counts: StoreCounts },
): Promise<boolean> {
  const updated = await tx
    .update(ingestRuns)
    .set({
      status: 'succeeded',
      finishedAt: outcome.finishedAt,
      windowStart: outcome.window.startDate,
      windowEnd: outcome.window.endDate,
      recordsCreated: outcome.counts.created,
      recordsUpdated: outcome.counts.updated,
      recordsSkipped: outcome.counts.unchanged,
    })
    .where(and(eq(ingestRuns.id, runId), isRunning))
    .returning({ id: ingestRuns.id });
  return updated.length === 1;
}

export async function failRun(
  tx: Database,
  runId: number,
  outcome: { finishedAt: Date; window: IngestWindow | undefined; error: string; errorCode: ErrorCode },
): Promise<void> {
  await tx
    .update(ingestRuns)
    .set({
      status: 'failed',
      finishedAt: outcome.finishedAt,
      windowStart: outcome.window?.startDate,
      windowEnd: outcome.window?.endDate,
      error: outcome.error.slice(0, 2_000),
      errorCode: outcome.errorCode,
    })
    .where(and(eq(ingestRuns.id, runId), isRunning));
}

export async function skipRun(db: Database, runId: number, finishedAt: Date): Promise<void> {
  await db.update(ingestRuns).set({ status: 'skipped', finishedAt }).where(and(eq(ingestRuns.id, runId), isRunning));
}

export type FailedRun = {
  id: number;
  trackUuid: string;
  trackName: string;
  platformSlug: string;
  trigger: IngestTrigger;
  startedAt: Date;
  finishedAt: Date | null;
  windowStart: string | null;
  windowEnd: string | null;
  errorCode: string | null;
  error: string | null;
};

/** Failed runs, newest first. */
export async function listFailedRuns(db: Database, options: { limit: number; since?: Date }): Promise<FailedRun[]> {
  return db
    .select({
      id: ingestRuns.id,
      trackUuid: tracks.uuid,
      trackName: tracks.name,
      platformSlug: platforms.slug,
      trigger: ingestRuns.trigger,
      startedAt: ingestRuns.startedAt,
      finishedAt: ingestRuns.finishedAt,
      windowStart: ingestRuns.windowStart,
      windowEnd: ingestRuns.windowEnd,
      errorCode: ingestRuns.errorCode,
      error: ingestRuns.error,
    })
    .from(ingestRuns)
    .innerJoin(tracks, eq(tracks.id, ingestRuns.trackId))
    .innerJoin(platforms, eq(platforms.id, ingestRuns.platformId))
    .where(and(eq(ingestRuns.status, 'failed'), options.since ? gte(ingestRuns.startedAt, options.since) : undefined))
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(options.limit);
}

import { setTimeout as sleep } from 'node:timers/promises';
import { and, asc, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import {
  ingestRuns,
  platforms,
  rateLimits,
  trackAudienceIdentifierValues as identifierValues,
  trackAudienceTimeSeries as series,
  tracks,
} from '@/db/schema';
import { addDays, todayUtc } from '@/lib/dates';
import { env } from '@/lib/env';
import { recordAudienceChanges } from '@/lib/live/record-change';

export type RetentionSettings = {
  /** Audience points dated more than this many days before today are removed; undefined keeps them all. */
  audienceRetentionDays: number | undefined;
  /** Ingest runs started longer ago than this are removed; failed ones after twice as long. */
  ingestRunsRetentionDays: number;
  /** A rate-limit window this long after it started is over, and its row can go. */
  rateLimitWindowSeconds: number;
};

export function retentionSettingsFromEnv(): RetentionSettings {
  return {
    audienceRetentionDays: env().AUDIENCE_RETENTION_DAYS,
    ingestRunsRetentionDays: env().INGEST_RUNS_RETENTION_DAYS,
    rateLimitWindowSeconds: env().RATE_LIMIT_WINDOW_SECONDS,
  };
}

export type PruneOptions = {
  now?: Date;
  /** Rows removed by one statement, at most. */
  batchSize?: number;
  /** Rest between two statements, so that ingestion's writes and other work get the server in between. */
  pauseMs?: number;
  /** Epoch milliseconds after which no further statement starts; the rest waits for the next prune. */
  deadline?: number;
  /** Aborted (a worker told to stop): no further statement starts either. */
  stop?: AbortSignal;
  /** Count what would be removed, remove nothing. */
  dryRun?: boolean;
};

type PruneStepReport = { step: string; rows: number };
export type PruneReport = { dryRun: boolean; complete: boolean; steps: PruneStepReport[] };

/**
 * One kind of row to remove: a table and the conditions that pick its rows, each served by an
 * index (one per platform, or per track, ...), so that every statement reads a bounded range
 * rather than scanning the table. Adding a table to the retention is adding a step.
 */
type PruneStep = {
  name: string;
  table: PgTable;
  conditions: (db: Database) => Promise<SQL[]>;
  /** The order of that index within one range: without it, the planner may pick a batch by scanning the table. */
  order?: PgColumn[];
  /** Rows that replies are built from: each batch records a change of the tracks it shortens (lib/live). */
  shownInReplies?: true;
};

const DEFAULT_BATCH_SIZE = 10_000;
/**
 * Tracks per range: one statement a track made a day's prune of 10,000 tracks 10,000 transactions,
 * bound by round trips (three minutes beside chart reads). The index hands a range's rows over
 * unsorted (one descent per track and platform), so each batch sorts what is left of its range:
 * a few dozen tracks keep that small when a whole year goes, and a batch's changes to their pairs.
 */
const TRACKS_PER_RANGE = 50;
/** Failed runs say what went wrong; they are kept this many times longer than the others. */
const FAILED_RUNS_KEPT_TIMES = 2;

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

async function trackGroups(db: Database): Promise<number[][]> {
  const ids = (await db.select({ id: tracks.id }).from(tracks).orderBy(asc(tracks.id))).map((track) => track.id);
  return Array.from({ length: Math.ceil(ids.length / TRACKS_PER_RANGE) }, (_, index) =>
    ids.slice(index * TRACKS_PER_RANGE, (index + 1) * TRACKS_PER_RANGE),
  );
}

/** The steps of a prune, in order; audience points only when a retention is set. */
function pruneSteps(settings: RetentionSettings, now: Date): PruneStep[] {
  const steps: PruneStep[] = [];
  if (settings.audienceRetentionDays !== undefined) {
    const firstKept = addDays(todayUtc(now), -settings.audienceRetentionDays);
    steps.push(
      {
        name: `audience points before ${firstKept}`,
        table: series,
        shownInReplies: true,
        // The key (track_id, platform_id, date), a few dozen tracks at a time, every platform named: the index
        // descends to each pair's old days, and a batch shortens the pairs of those tracks only, so the
        // changes it records (lib/live) and the list figures it refreshes are theirs. A platform's
        // (platform_id, date) range would touch a pair of every track in each batch: on 10,000 tracks,
        // 10,000 changes recorded per batch of 10,000 points.
        order: [series.trackId, series.platformId, series.date],
        conditions: async (db) => {
          const platformIds = (await db.select({ id: platforms.id }).from(platforms)).map((platform) => platform.id);
          return (await trackGroups(db)).map(
            (group) => and(inArray(series.trackId, group), inArray(series.platformId, platformIds), lt(series.date, firstKept)) as SQL,
          );
        },
      },
      {
        name: `identifier values before ${firstKept}`,
        table: identifierValues,
        // The key leads with track_id: a few dozen tracks' values per range.
        order: [identifierValues.trackId, identifierValues.platformId, identifierValues.identifier, identifierValues.date],
        conditions: async (db) =>
          (await trackGroups(db)).map((group) => and(inArray(identifierValues.trackId, group), lt(identifierValues.date, firstKept)) as SQL),
      },
    );
  }
  const runsBefore = daysBefore(now, settings.ingestRunsRetentionDays);
  const failedRunsBefore = daysBefore(now, settings.ingestRunsRetentionDays * FAILED_RUNS_KEPT_TIMES);
  steps.push(
    {
      name: `ingest runs started before ${runsBefore.toISOString()}`,
      table: ingestRuns,
      order: [ingestRuns.startedAt],
      conditions: async () => [and(notInArray(ingestRuns.status, ['running', 'failed']), lt(ingestRuns.startedAt, runsBefore)) as SQL],
    },
    {
      name: `failed ingest runs started before ${failedRunsBefore.toISOString()}`,
      table: ingestRuns,
      order: [ingestRuns.startedAt],
      conditions: async () => [and(inArray(ingestRuns.status, ['failed']), lt(ingestRuns.startedAt, failedRunsBefore)) as SQL],
    },
    {
      name: 'expired rate-limit windows',
      table: rateLimits,
      conditions: async () => [lt(rateLimits.windowStartedAt, new Date(now.getTime() - settings.rateLimitWindowSeconds * 1000))],
    },
  );
  return steps;
}

async function countRows(db: Database, table: PgTable, condition: SQL): Promise<number> {
  const [row] = await db.select({ rows: sql<number>`count(*)::int` }).from(table).where(condition);
  return Number(row?.rows ?? 0);
}

/**
 * At most `limit` rows matching `condition`: their ctids picked in the index's order, then fetched
 * by a TID scan. Unordered, a batch of a range that holds a large share of the table is found by a
 * sequential scan from its start, which passes every row the batches before it removed: on 100
 * million rows, each batch slower than the last. The condition is repeated outside because a ctid
 * is a place within one table: were the table ever partitioned, a bare ctid list would also match
 * rows of other partitions.
 */
function batchOf(step: PruneStep, condition: SQL, limit: number): SQL {
  const order = step.order?.length ? sql` order by ${sql.join(step.order, sql`, `)}` : sql``;
  return sql`${condition} and ctid = any(array(select ctid from ${step.table} where ${condition}${order} limit ${limit}))`;
}

/**
 * Removes one batch. Each statement commits on its own, so the row locks it takes are held for one
 * batch only, and readers never wait for a delete (they read the rows' last committed versions).
 */
async function deleteBatch(db: Database, step: PruneStep, condition: SQL, limit: number): Promise<number> {
  const deleted = await db
    .delete(step.table)
    .where(batchOf(step, condition, limit))
    .returning({ one: sql<number>`1` });
  return deleted.length;
}

/** A batch of audience points, and in the same transaction the change of each pair it shortens. */
async function deletePointsBatch(db: Database, step: PruneStep, condition: SQL, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(series)
      .where(batchOf(step, condition, limit))
      .returning({ trackId: series.trackId, platformId: series.platformId, date: series.date });
    const lastDates = new Map<string, { trackId: number; platformId: number; lastDate: string }>();
    for (const row of deleted) {
      const key = `${row.trackId}:${row.platformId}`;
      const known = lastDates.get(key);
      if (!known || known.lastDate < row.date) lastDates.set(key, { trackId: row.trackId, platformId: row.platformId, lastDate: row.date });
    }
    await recordAudienceChanges(tx, [...lastDates.values()]);
    return deleted.length;
  });
}

/**
 * npm run db:prune and the cron route's daily prune: every step, in bounded batches. A prune cut
 * short by its deadline reports complete: false, and the next one carries on where the rows left are.
 */
export async function prune(db: Database, settings: RetentionSettings, options: PruneOptions = {}): Promise<PruneReport> {
  const now = options.now ?? new Date();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const dryRun = options.dryRun ?? false;
  const outOfTime = (): boolean => (options.deadline !== undefined && Date.now() >= options.deadline) || (options.stop?.aborted ?? false);
  const steps: PruneStepReport[] = [];
  for (const step of pruneSteps(settings, now)) {
    const report = { step: step.name, rows: 0 };
    steps.push(report);
    for (const condition of await step.conditions(db)) {
      if (dryRun) {
        report.rows += await countRows(db, step.table, condition);
        continue;
      }
      for (;;) {
        if (outOfTime()) return { dryRun, complete: false, steps };
        const removed = step.shownInReplies
          ? await deletePointsBatch(db, step, condition, batchSize)
          : await deleteBatch(db, step, condition, batchSize);
        report.rows += removed;
        if (removed < batchSize) break;
        if (options.pauseMs) await sleep(options.pauseMs);
      }
    }
  }
  return { dryRun, complete: true, steps };
}

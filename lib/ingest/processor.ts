import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { tracks } from '@/db/schema';
import type { IngestRun, IngestTrigger, Platform, Track } from '@/db/schema';
import { requirePlatforms, requireTrack } from '@/lib/catalogue/lookups';
import { readIdentifierPlots } from './identifier-plots';
import { earliestProvisionalDate, lastStoredDate, storeAudienceSeries } from './store';
import { pruneAudienceChanges } from '@/lib/live/prune';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { databaseUnavailable } from '@/lib/database-errors';
import { todayUtc } from '@/lib/dates';
import { AppError, isAppError } from '@/lib/errors';
import type { ErrorCode } from '@/lib/errors';
import { readPairState, recordPairFailure, recordPairSuccess } from './pair-state';
import { acquireRun, completeRun, failRun, readRun, renewLease, skipRun } from './runs';
import { fetchWindow } from './fetch-window';
import type { IngestWindow } from './fetch-window';
import { logger } from '@/lib/logger';
import type { SoundchartsClient } from '@/lib/soundcharts/client';
import { trackUuidSchema } from '@/lib/identifiers';
import { parseInput } from '@/lib/validation';

/** What the processor needs, passed in: no module reaches for a global connection or client. */
export type IngestDeps = {
  db: Database;
  client: SoundchartsClient;
  now?: () => Date;
  /** Days the first fetch (or a full-history one) reaches back; AUDIENCE_HISTORY_DAYS. */
  historyDays?: number;
  /** How long a run holds the pair's lock without renewing it before another may take it over. */
  leaseMs?: number;
  /** How long a call waits for a concurrent run of the same pair before reporting it in progress. */
  lockWaitMs?: number;
};

export type IngestOptions = {
  /** Fetch even when fetched in the last 24 hours; still incrementally. */
  forceRefresh?: boolean;
  /** Re-fetch the whole AUDIENCE_HISTORY_DAYS window (forcing too): about a billed call per 100 days. */
  fullHistory?: boolean;
  trigger?: IngestTrigger;
  requestId?: string;
  /** Exactly these days (forcing too): a repair of stored days the data validation found wrong. */
  window?: IngestWindow;
};

type SkipReason = 'fresh' | 'in_progress';

export type IngestResult = {
  trackUuid: string;
  platformSlug: string;
  status: 'succeeded' | 'skipped';
  skipReason: SkipReason | null;
  /** The run that did the work, or that held the lock. */
  runId: number;
  /** True when a concurrent call did the work and this one waited for its result. */
  joined: boolean;
  recordsCreated: number;
  recordsUpdated: number;
  /** Days fetched whose stored values were already the same. */
  recordsSkipped: number;
  window: IngestWindow | null;
  /** When the pair's data was last fetched successfully. */
  lastFetchedAt: Date | null;
};

export type IngestFailure = {
  trackUuid: string;
  platformSlug: string;
  status: 'failed';
  error: string;
  code: ErrorCode;
  retryAfterSeconds: number | null;
};

export type PairOutcome = IngestResult | IngestFailure;
export type TrackPlatformPair = { trackUuid: string; platformSlug: string };

/** A pair fetched more recently than this is skipped unless the refresh is forced: SoundCharts publishes a day at a time. */
export const FRESH_FOR_MS = 24 * 60 * 60 * 1000;
const DEFAULT_HISTORY_DAYS = 365;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_LOCK_WAIT_MS = 15_000;
const LOCK_POLL_MS = 100;

/** The SoundCharts platform code: the platform's platform_identifier, else its slug hyphenated. */
function soundchartsPlatformCode(platform: Pick<Platform, 'slug' | 'platformIdentifier'>): string {
  return platform.platformIdentifier.trim() || platform.slug.replaceAll('_', '-');
}

function toAppError(error: unknown, context: string): AppError {
  if (isAppError(error)) return error;
  const database = databaseUnavailable(error);
  if (database) return database;
  return new AppError('internal', `${context} failed unexpectedly`, { cause: error });
}

function runErrorText(error: AppError): string {
  const cause = error.code === 'internal' && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * process_and_store_audience_data: fetches one pair's audience from SoundCharts and
 * stores it. Returns the counts, or a skip (fetched in the last 24 hours without forceRefresh, or a
 * concurrent run still busy after lockWaitMs). Throws an AppError when it fails: unknown track or
 * platform (not_found), or what SoundCharts or the database answered; the failed run is recorded.
 */
export async function processAndStoreAudienceData(
  deps: IngestDeps,
  trackUuid: string,
  platformSlug: string,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  const uuid = parseInput(trackUuidSchema, trackUuid, 'track uuid');
  const track = await requireTrack(deps.db, uuid);
  const [platform] = await requirePlatforms(deps.db, [platformSlug]);
  if (!platform) throw new AppError('not_found', `Platform '${platformSlug}' not found`);
  const fullHistory = options.fullHistory ?? false;
  const forceRefresh = (options.forceRefresh ?? false) || fullHistory || options.window !== undefined;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const waitUntil = Date.now() + (deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  const base = { trackUuid: track.uuid, platformSlug: platform.slug };

  for (;;) {
    const lock = await acquireRun(deps.db, {
      trackId: track.id,
      platformId: platform.id,
      trigger: options.trigger ?? 'manual',
      forceRefresh,
      requestId: options.requestId,
      now: now(),
      leaseMs,
    });
    if (lock.acquired) {
      return runLocked(deps, track, platform, lock.run, {
        forceRefresh,
        fullHistory,
        window: options.window,
        leaseMs,
        now,
        trigger: options.trigger ?? 'manual',
      });
    }

    const finished = await waitForRun(deps.db, lock.running.id, waitUntil);
    if (finished === undefined) {
      if (Date.now() < waitUntil) continue; // its lease ran out: try to take it over
      return { ...base, ...emptyCounts, status: 'skipped', skipReason: 'in_progress', runId: lock.running.id, joined: false, window: null, lastFetchedAt: null };
    }
    if (finished.status === 'failed') {
      throw new AppError((finished.errorCode as ErrorCode | null) ?? 'internal', finished.error ?? 'A concurrent refresh failed');
    }
    // A concurrent call that found the pair fresh did no work; this call decides for itself.
    if (finished.status === 'skipped') continue;
    return { ...base, ...resultOfRun(finished), joined: true };
  }
}

const emptyCounts = { recordsCreated: 0, recordsUpdated: 0, recordsSkipped: 0 };

function resultOfRun(run: IngestRun): Omit<IngestResult, 'trackUuid' | 'platformSlug' | 'joined'> {
  const window = run.windowStart && run.windowEnd ? { startDate: run.windowStart, endDate: run.windowEnd } : null;
  return {
    status: 'succeeded',
    skipReason: null,
    runId: run.id,
    recordsCreated: run.recordsCreated,
    recordsUpdated: run.recordsUpdated,
    recordsSkipped: run.recordsSkipped,
    window,
    lastFetchedAt: run.finishedAt,
  };
}

/** Polls a concurrent run until it finishes; undefined when it is still running at the deadline or its lease ran out. */
async function waitForRun(db: Database, runId: number, waitUntil: number): Promise<IngestRun | undefined> {
  while (Date.now() < waitUntil) {
    await sleep(LOCK_POLL_MS);
    const run = await readRun(db, runId);
    if (!run) return undefined;
    if (run.status !== 'running') return run;
    if (run.leaseExpiresAt.getTime() <= Date.now()) return undefined;
  }
  return undefined;
}

async function runLocked(
  deps: IngestDeps,
  track: Track,
  platform: Platform,
  run: IngestRun,
  settings: { forceRefresh: boolean; fullHistory: boolean; window: IngestWindow | undefined; leaseMs: number; now: () => Date; trigger: IngestTrigger },
): Promise<IngestResult> {
  const { db } = deps;
  const pair = { trackId: track.id, platformId: platform.id };
  const base = { trackUuid: track.uuid, platformSlug: platform.slug, runId: run.id, joined: false };
  // Every line of a run carries its run id, and the id of the request that started it when there was one.
  const log = logger().child({ runId: run.id, requestId: run.requestId ?? undefined, trackUuid: track.uuid, platformSlug: platform.slug });
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  log.info({ trigger: settings.trigger, forceRefresh: settings.forceRefresh, fullHistory: settings.fullHistory }, 'ingest run started');
  // The lease is renewed while the fetch runs, so that only a stopped process loses the lock.
  const heartbeat = setInterval(() => {
    renewLease(db, run.id, new Date(settings.now().getTime() + settings.leaseMs)).catch((error: unknown) =>
      log.warn({ err: error }, 'could not renew the ingest lease'),
    );
  }, Math.max(1_000, settings.leaseMs / 3));
  heartbeat.unref();
  let window: IngestWindow | undefined;
  try {
    const state = await readPairState(db, pair);
    const startedAt = settings.now();
    if (!settings.forceRefresh && state?.lastSucceededAt && startedAt.getTime() - state.lastSucceededAt.getTime() < FRESH_FOR_MS) {
      await skipRun(db, run.id, startedAt);
      log.info({ status: 'skipped', skipReason: 'fresh', durationMs: elapsed() }, 'ingest run finished');
      return { ...base, ...emptyCounts, status: 'skipped', skipReason: 'fresh', window: null, lastFetchedAt: state.lastSucceededAt };
    }
    window = settings.window ?? fetchWindow({
      today: todayUtc(startedAt),
      historyDays: deps.historyDays ?? DEFAULT_HISTORY_DAYS,
      fullHistory: settings.fullHistory,
      lastStoredDate: await lastStoredDate(db, track.id, platform.id),
      coveredUntil: state?.coveredUntil ?? undefined,
      earliestProvisionalDate: await earliestProvisionalDate(db, track.id, platform.id),
    });
    const items = await deps.client.getSongAudience(track.uuid, soundchartsPlatformCode(platform), window);
    const fetched = readIdentifierPlots(items);
    const fetchedWindow = window;
    const finishedAt = settings.now();
    const counts = await db.transaction(async (tx) => {
      const stored = await storeAudienceSeries(tx, track.id, platform.id, fetched, finishedAt);
      if (!(await completeRun(tx, run.id, { finishedAt, window: fetchedWindow, counts: stored }))) {
        throw new AppError('conflict', `Run ${run.id} lost its lock to another run before storing; nothing was written`);
      }
      await recordPairSuccess(tx, pair, finishedAt, fetchedWindow.endDate);
      await tx.update(tracks).set({ audienceFetchedAt: finishedAt, updatedAt: finishedAt }).where(eq(tracks.id, track.id));
      // Last: it holds the change-order lock until the commit. Days after the window may change too
      // (a version's carried value), so the range is open at its end.
      await recordAudienceChanges(tx, [{ trackId: track.id, platformId: platform.id, firstDate: fetchedWindow.startDate }]);
      return stored;
    });
    log.info(
      { status: 'succeeded', window, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, durationMs: elapsed() },
      'ingest run finished',
    );
    return {
      ...base,
      status: 'succeeded',
      skipReason: null,
      recordsCreated: counts.created,
      recordsUpdated: counts.updated,
      recordsSkipped: counts.unchanged,
      window,
      lastFetchedAt: finishedAt,
    };
  } catch (error) {
    const failure = toAppError(error, `Ingestion of ${track.uuid} on ${platform.slug}`);
    const finishedAt = settings.now();
    try {
      await db.transaction(async (tx) => {
        await failRun(tx, run.id, { finishedAt, window, error: runErrorText(failure), errorCode: failure.code });
        await recordPairFailure(tx, pair, finishedAt);
      });
    } catch (recordError) {
      // The lease runs out and the run is marked abandoned; the original failure still reaches the caller.
      log.error({ err: recordError }, 'could not record the failed ingest run');
    }
    log.warn({ status: 'failed', code: failure.code, error: runErrorText(failure), durationMs: elapsed() }, 'ingest run finished');
    if (failure.code === 'internal') log.error({ err: error }, 'ingest run failed unexpectedly');
    throw failure;
  } finally {
    clearInterval(heartbeat);
  }
}

export type BulkOptions = {
  forceRefresh?: boolean;
  fullHistory?: boolean;
  /** Pairs processed at once; default 4. */
  concurrency?: number;
  trigger?: IngestTrigger;
  requestId?: string;
  /** Epoch milliseconds after which no further pair is started (the cron's time budget). */
  deadline?: number;
  /** Called as each pair finishes, in completion order (progress bars). */
  onOutcome?: (outcome: PairOutcome, done: number, total: number) => void;
};

export type BulkTotals = {
  pairs: number;
  succeeded: number;
  /** Of the succeeded, those whose work a concurrent call did; their records are not counted again. */
  joined: number;
  skipped: number;
  failed: number;
  notStarted: number;
  recordsCreated: number;
  recordsUpdated: number;
  recordsSkipped: number;
};

export type BulkResult = { results: PairOutcome[]; totals: BulkTotals };

export function toOutcome(pair: TrackPlatformPair, error: unknown): IngestFailure {
  const failure = toAppError(error, `Ingestion of ${pair.trackUuid} on ${pair.platformSlug}`);
  return {
    ...pair,
    status: 'failed',
    error: failure.message,
    code: failure.code,
    retryAfterSeconds: failure.retryAfterSeconds ?? null,
  };
}

/**
 * bulk_process_audience_data: every pair is processed, a few at a time; a failure is
 * reported in that pair's outcome and never stops the others. Results keep the order of `pairs`
 * (pairs not started before the deadline are left out and counted in totals.notStarted).
 */
export async function bulkProcessAudienceData(
  deps: IngestDeps,
  pairs: readonly TrackPlatformPair[],
  options: BulkOptions = {},
): Promise<BulkResult> {
  const slots: (PairOutcome | undefined)[] = new Array(pairs.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < pairs.length && (options.deadline === undefined || Date.now() < options.deadline)) {
      const index = next;
      next += 1;
      const pair = pairs[index] as TrackPlatformPair;
      let outcome: PairOutcome;
      try {
        outcome = await processAndStoreAudienceData(deps, pair.trackUuid, pair.platformSlug, {
          forceRefresh: options.forceRefresh,
          fullHistory: options.fullHistory,
          trigger: options.trigger,
          requestId: options.requestId,
        });
      } catch (error) {
        outcome = toOutcome(pair, error);
      }
      slots[index] = outcome;
      done += 1;
      options.onOutcome?.(outcome, done, pairs.length);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, pairs.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Every bulk run (the cron, the command line, an admin's refresh of all platforms) keeps the change
  // log to its window; a failure here costs nothing but a larger table until the next run.
  await pruneAudienceChanges(deps.db).catch((error: unknown) => logger().warn({ err: error }, 'could not prune audience changes'));
  const results = slots.filter((outcome): outcome is PairOutcome => outcome !== undefined);
  return { results, totals: totalsOf(results, pairs.length) };
}

function totalsOf(results: readonly PairOutcome[], pairs: number): BulkTotals {
  const totals: BulkTotals = {
    pairs,
    succeeded: 0,
    joined: 0,
    skipped: 0,
    failed: 0,
    notStarted: pairs - results.length,
    recordsCreated: 0,
    recordsUpdated: 0,
    recordsSkipped: 0,
  };
  for (const outcome of results) {
    totals[outcome.status] += 1;
    if (outcome.status === 'failed') continue;
    if (outcome.joined) {
      totals.joined += 1;
      continue;
    }
    totals.recordsCreated += outcome.recordsCreated;
    totals.recordsUpdated += outcome.recordsUpdated;
    totals.recordsSkipped += outcome.recordsSkipped;
  }
  return totals;
}

import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '@/lib/logger';
import { FRESH_FOR_MS, processAndStoreAudienceData, toOutcome } from './processor';
import type { IngestDeps, PairOutcome, TrackPlatformPair } from './processor';
import { releaseRuns } from './runs';
import { RETRY_FAILED_AFTER_MS } from './scheduled-run';
import { stalePairs } from './stale-pairs';

export type WorkerOptions = {
  /** Names this worker's runs (their request id), so that it can release them when it stops. */
  workerId: string;
  /** Pairs fetched at once. */
  concurrency: number;
  /** Platforms fetched for tracks never fetched before. */
  defaultPlatformSlugs: readonly string[];
  /** How long to sleep when no pair is stale. */
  idleMs: number;
  /** Once `stop` is aborted, how long pairs in flight may take before they are released. */
  shutdownGraceMs: number;
  /** Aborted: no further pair is started. */
  stop: AbortSignal;
  /** Called whenever nothing is stale, before sleeping (the daily prune). */
  onIdle?: () => Promise<void>;
};

export type WorkerSummary = { succeeded: number; skipped: number; failed: number; released: number };

/** A quota or rate-limit failure would fail every pair after it too: the lane waits instead of burning through the queue. */
const WAIT_ON = new Set(['quota_exhausted', 'rate_limited']);
const MAX_BACKOFF_MS = 10 * 60 * 1000;

/**
 * The scheduled ingest, continuously: takes the stalest pairs no other process holds (a pair's
 * running ingest run is its lease, renewed while the fetch runs), a few at a time, until stopped.
 * Several workers on one database split the work: a pair is offered only while no lease is held
 * on it, the run lock refuses a second taker at once (no waiting), and a pair done a moment ago is
 * found fresh under the lock and skipped; so no pair is fetched twice in a cycle. A worker that
 * dies leaves a lease that runs out, and its pair is offered again.
 */
export async function runWorker(deps: IngestDeps, options: WorkerOptions): Promise<WorkerSummary> {
  const log = logger().child({ workerId: options.workerId });
  const summary: WorkerSummary = { succeeded: 0, skipped: 0, failed: 0, released: 0 };
  const now = deps.now ?? (() => new Date());
  const workerDeps: IngestDeps = { ...deps, lockWaitMs: 0 };
  const queue: TrackPlatformPair[] = [];
  let refill: Promise<void> | undefined;

  // One query for all lanes; a batch no larger than the lanes, so that other workers see the rest.
  const nextPair = async (): Promise<TrackPlatformPair | undefined> => {
    if (queue.length === 0) {
      refill ??= (async () => {
        const at = now();
        queue.push(
          ...(await stalePairs(deps.db, {
            staleBefore: new Date(at.getTime() - FRESH_FOR_MS),
            retryFailedBefore: new Date(at.getTime() - RETRY_FAILED_AFTER_MS),
            defaultPlatformSlugs: options.defaultPlatformSlugs,
            leasedAt: at,
            limit: options.concurrency,
          })),
        );
      })().finally(() => {
        refill = undefined;
      });
      await refill;
    }
    return queue.shift();
  };

  const pause = (ms: number): Promise<void> => sleep(ms, undefined, { signal: options.stop }).catch(() => undefined);

  const lane = async (): Promise<void> => {
    let failuresInARow = 0;
    while (!options.stop.aborted) {
      let pair: TrackPlatformPair | undefined;
      try {
        pair = await nextPair();
      } catch (error) {
        failuresInARow += 1;
        log.warn({ err: error }, 'could not read the stale pairs; trying again');
        await pause(Math.min(MAX_BACKOFF_MS, options.idleMs * failuresInARow));
        continue;
      }
      if (pair === undefined) {
        await options.onIdle?.().catch((error: unknown) => log.warn({ err: error }, 'idle task failed'));
        await pause(options.idleMs);
        continue;
      }
      let outcome: PairOutcome;
      try {
        outcome = await processAndStoreAudienceData(workerDeps, pair.trackUuid, pair.platformSlug, {
          trigger: 'worker',
          requestId: options.workerId,
        });
      } catch (error) {
        outcome = toOutcome(pair, error);
      }
      summary[outcome.status] += 1;
      failuresInARow = 0;
      if (outcome.status === 'failed' && WAIT_ON.has(outcome.code) && outcome.retryAfterSeconds !== null) {
        await pause(Math.min(MAX_BACKOFF_MS, outcome.retryAfterSeconds * 1000));
      }
    }
  };

  log.info({ concurrency: options.concurrency }, 'worker started');
  const lanes = Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  await new Promise<void>((resolve) => {
    if (options.stop.aborted) resolve();
    else options.stop.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info({ graceMs: options.shutdownGraceMs }, 'worker stopping: no new pair is started');
  const finished = await Promise.race([lanes.then(() => true), sleep(options.shutdownGraceMs, false)]);
  if (!finished) {
    summary.released = await releaseRuns(deps.db, options.workerId, now());
    log.warn({ released: summary.released }, 'pairs still in flight after the grace period were released to other workers');
  }
  log.info(summary, 'worker stopped');
  return summary;
}

import { bulkProcessAudienceData, FRESH_FOR_MS } from './processor';
import type { BulkTotals, IngestDeps, IngestFailure, PairOutcome } from './processor';
import { stalePairs } from './stale-pairs';

export type ScheduledIngestOptions = {
  /** Wall-clock time after which no further pair is started; pairs in flight still finish. */
  budgetMs: number;
  concurrency: number;
  /** Platforms fetched for tracks never fetched before. */
  defaultPlatformSlugs: readonly string[];
  /** Most pairs picked in one call. */
  batchLimit?: number;
  requestId?: string;
};

export type ScheduledIngestSummary = BulkTotals & {
  elapsedMs: number;
  /** Stale pairs are left for the next call. */
  more: boolean;
  failures: IngestFailure[];
};

/** A failed pair is tried again after this, not on every call of the scheduler. */
export const RETRY_FAILED_AFTER_MS = 60 * 60 * 1000;
const DEFAULT_BATCH_LIMIT = 500;

/**
 * One scheduler call: refreshes stale pairs, most overdue first, until the budget is spent. It keeps
 * no cursor: the next call picks the pairs still stale, so a call cut short resumes there, and two
 * overlapping calls do each pair once because each pair's run holds a lock in the database.
 */
export async function runScheduledIngest(deps: IngestDeps, options: ScheduledIngestOptions): Promise<ScheduledIngestSummary> {
  const startedMs = Date.now();
  const now = (deps.now ?? (() => new Date()))();
  const limit = options.batchLimit ?? DEFAULT_BATCH_LIMIT;
  const pairs = await stalePairs(deps.db, {
    staleBefore: new Date(now.getTime() - FRESH_FOR_MS),
    retryFailedBefore: new Date(now.getTime() - RETRY_FAILED_AFTER_MS),
    defaultPlatformSlugs: options.defaultPlatformSlugs,
    leasedAt: now,
    limit,
  });
  const { results, totals } = await bulkProcessAudienceData(deps, pairs, {
    forceRefresh: false,
    concurrency: options.concurrency,
    trigger: 'cron',
    requestId: options.requestId,
    deadline: startedMs + options.budgetMs,
  });
  return {
    ...totals,
    elapsedMs: Date.now() - startedMs,
    more: totals.notStarted > 0 || pairs.length === limit,
    failures: results.filter((outcome: PairOutcome): outcome is IngestFailure => outcome.status === 'failed'),
  };
}

import { NextResponse } from 'next/server';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { runScheduledIngest } from '@/lib/ingest/scheduled-run';
import { runDailyPrune } from '@/lib/operations/daily-prune';
import { retentionSettingsFromEnv } from '@/lib/operations/prune';
import { rejectUnlessBearer } from '@/app/_http/bearer-auth';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

// Vercel stops the function here; CRON_BUDGET_MS stays below it so that pairs in flight can finish.
export const maxDuration = 60;

export const GET = handler<Record<string, never>>(async (request, _params, requestId) => {
  const denied = rejectUnlessBearer(request, env().CRON_SECRET, 'CRON_SECRET');
  if (denied) return denied;
  const startedMs = Date.now();
  const deps = await defaultIngestDeps();
  // Once a day the prune takes up to a third of the budget first (recorded in scheduled_tasks, so
  // that other calls skip it); what it leaves, the next due call carries on.
  await runDailyPrune(deps.db, retentionSettingsFromEnv(), { deadline: startedMs + env().CRON_BUDGET_MS / 3 });
  const summary = await runScheduledIngest(deps, {
    budgetMs: env().CRON_BUDGET_MS - (Date.now() - startedMs),
    concurrency: env().INGEST_CONCURRENCY,
    defaultPlatformSlugs: env().INGEST_DEFAULT_PLATFORMS,
    requestId,
  });
  return NextResponse.json({
    success: true,
    pairs: summary.pairs,
    succeeded: summary.succeeded,
    joined: summary.joined,
    skipped: summary.skipped,
    failed: summary.failed,
    not_started: summary.notStarted,
    records_created: summary.recordsCreated,
    records_updated: summary.recordsUpdated,
    records_skipped: summary.recordsSkipped,
    elapsed_ms: summary.elapsedMs,
    more: summary.more,
    failures: summary.failures.map((failure) => ({
      track_uuid: failure.trackUuid,
      platform_slug: failure.platformSlug,
      code: failure.code,
      error: failure.error,
    })),
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);

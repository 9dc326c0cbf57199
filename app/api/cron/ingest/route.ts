import { NextResponse } from 'next/server';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { runScheduledIngest } from '@/lib/ingest/scheduled-run';
import { rejectUnlessBearer } from '@/app/_http/bearer-auth';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

// Vercel stops the function here; CRON_BUDGET_MS stays below it so that pairs in flight can finish.
export const maxDuration = 60;

export const GET = handler<Record<string, never>>(async (request, _params, requestId) => {
  const denied = rejectUnlessBearer(request, env().CRON_SECRET, 'CRON_SECRET');
  if (denied) return denied;
  const summary = await runScheduledIngest(await defaultIngestDeps(), {
    budgetMs: env().CRON_BUDGET_MS,
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

import type { IngestResult } from '@/lib/ingest/processor';

/** The processor's result in the API's snake_case. */
export function ingestReply(result: IngestResult) {
  return {
    status: result.status,
    skip_reason: result.skipReason,
    track_uuid: result.trackUuid,
    platform_slug: result.platformSlug,
    run_id: result.runId,
    joined: result.joined,
    records_created: result.recordsCreated,
    records_updated: result.recordsUpdated,
    records_skipped: result.recordsSkipped,
    window: result.window ? { start_date: result.window.startDate, end_date: result.window.endDate } : null,
    last_fetched_at: result.lastFetchedAt?.toISOString() ?? null,
  };
}

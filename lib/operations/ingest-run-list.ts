import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { ingestRuns, ingestRunStatuses, ingestTriggers, platforms, tracks } from '@/db/schema';
import type { IngestRunStatus, IngestTrigger } from '@/db/schema';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';

const blankAsUnset = (value: unknown): unknown => (value === '' ? undefined : value);

/** The run list's filters, as they come from the page's query string. */
export const runFilterSchema = z.object({
  status: z.preprocess(blankAsUnset, z.enum(ingestRunStatuses).optional()),
  trigger: z.preprocess(blankAsUnset, z.enum(ingestTriggers).optional()),
  track: z.preprocess(blankAsUnset, z.string().trim().pipe(trackUuidSchema).optional()),
  platform: z.preprocess(blankAsUnset, platformSlugSchema.optional()),
  // The id of the last run shown: the next page starts below it.
  before: z.preprocess(blankAsUnset, z.coerce.number().int().positive().optional()),
});
export type RunFilter = z.output<typeof runFilterSchema>;

export type RunRow = {
  id: number;
  trackUuid: string;
  trackName: string;
  platformSlug: string;
  trigger: IngestTrigger;
  status: IngestRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  windowStart: string | null;
  windowEnd: string | null;
  recordsCreated: number;
  recordsUpdated: number;
  errorCode: string | null;
  error: string | null;
};

/** Runs matching the filter, newest first (by id, the order they started in), `limit` at most. */
export async function listIngestRuns(db: Database, filter: RunFilter, limit: number): Promise<RunRow[]> {
  return db
    .select({
      id: ingestRuns.id,
      trackUuid: tracks.uuid,
      trackName: tracks.name,
      platformSlug: platforms.slug,
      trigger: ingestRuns.trigger,
      status: ingestRuns.status,
      startedAt: ingestRuns.startedAt,
      finishedAt: ingestRuns.finishedAt,
      windowStart: ingestRuns.windowStart,
      windowEnd: ingestRuns.windowEnd,
      recordsCreated: ingestRuns.recordsCreated,
      recordsUpdated: ingestRuns.recordsUpdated,
      errorCode: ingestRuns.errorCode,
      error: ingestRuns.error,
    })
    .from(ingestRuns)
    .innerJoin(tracks, eq(tracks.id, ingestRuns.trackId))
    .innerJoin(platforms, eq(platforms.id, ingestRuns.platformId))
    .where(
      and(
        filter.status ? eq(ingestRuns.status, filter.status) : undefined,
        filter.trigger ? eq(ingestRuns.trigger, filter.trigger) : undefined,
        filter.track ? eq(tracks.uuid, filter.track) : undefined,
        filter.platform ? eq(platforms.slug, filter.platform) : undefined,
        filter.before ? lt(ingestRuns.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(ingestRuns.id))
    .limit(limit);
}

/** The pair of a run, for re-running it; undefined when no such run. */
export async function runPair(db: Database, runId: number): Promise<{ trackUuid: string; platformSlug: string } | undefined> {
  const [row] = await db
    .select({ trackUuid: tracks.uuid, platformSlug: platforms.slug })
    .from(ingestRuns)
    .innerJoin(tracks, eq(tracks.id, ingestRuns.trackId))
    .innerJoin(platforms, eq(platforms.id, ingestRuns.platformId))
    .where(eq(ingestRuns.id, runId))
    .limit(1);
  return row;
}

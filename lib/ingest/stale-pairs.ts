import { and, asc, eq, gt, inArray, isNull, lt, ne, notExists, or, sql } from 'drizzle-orm';
import type { AnyColumn, SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ingestPairState as state, ingestRuns, platforms, tracks } from '@/db/schema';
import type { TrackPlatformPair } from './processor';

export type StalePair = TrackPlatformPair & { lastSucceededAt: Date | null; lastAttemptAt: Date | null };

export type StalePairsQuery = {
  /** A pair last fetched successfully before this (or never) is stale. */
  staleBefore: Date;
  limit: number;
  /**
   * Only these platforms, for every track. Without it: `defaultPlatformSlugs` for every track, plus
   * any other pair fetched before (a manual refresh of another platform keeps that pair scheduled).
   */
  platformSlugs?: readonly string[];
  defaultPlatformSlugs?: readonly string[];
  /** A pair whose last attempt failed at or after this is not retried yet. */
  retryFailedBefore?: Date;
  /**
   * Leaves out pairs whose run holds its lease at this time: another worker (or cron call) is on
   * them. Once the lease runs out (its process stopped), the pair is offered again.
   */
  leasedAt?: Date;
};

/** No run of the pair in these columns holds its lease at `at` (served by ingest_runs_one_running_idx). */
function notLeased(trackId: AnyColumn, platformId: AnyColumn, at: Date): SQL {
  const running = sql`select 1 from ${ingestRuns} where ${ingestRuns.trackId} = ${trackId} and ${ingestRuns.platformId} = ${platformId}
    and ${ingestRuns.status} = 'running' and ${gt(ingestRuns.leaseExpiresAt, at)}`;
  return sql`not exists (${running})`;
}

/**
 * The pairs to refresh, most overdue first: pairs never tried (tracks in the order they were added),
 * then the others by their last attempt, oldest first. Ordering by the last attempt rather than the
 * last success keeps a pair that keeps failing from holding the head of the queue.
 */
export async function stalePairs(db: Database, query: StalePairsQuery): Promise<StalePair[]> {
  if (query.limit <= 0) return [];
  const slugs = query.platformSlugs ?? query.defaultPlatformSlugs ?? [];
  const never = slugs.length === 0 ? [] : await neverTriedPairs(db, slugs, query.limit, query.leasedAt);
  const remaining = query.limit - never.length;
  if (remaining <= 0) return never;

  const conditions: SQL[] = [or(isNull(state.lastSucceededAt), lt(state.lastSucceededAt, query.staleBefore)) as SQL];
  if (query.platformSlugs) conditions.push(inArray(platforms.slug, [...query.platformSlugs]));
  if (query.leasedAt) conditions.push(notLeased(state.trackId, state.platformId, query.leasedAt));
  if (query.retryFailedBefore) {
    conditions.push(or(ne(state.lastStatus, 'failed'), lt(state.lastAttemptAt, query.retryFailedBefore)) as SQL);
  }
  const tried = await db
    .select({
      trackUuid: tracks.uuid,
      platformSlug: platforms.slug,
      lastSucceededAt: state.lastSucceededAt,
      lastAttemptAt: state.lastAttemptAt,
    })
    .from(state)
    .innerJoin(tracks, eq(tracks.id, state.trackId))
    .innerJoin(platforms, eq(platforms.id, state.platformId))
    .where(and(...conditions))
    .orderBy(asc(state.lastAttemptAt), asc(tracks.id), asc(platforms.id))
    .limit(remaining);
  return [...never, ...tried];
}

/**
 * The stale pairs of the `trackLimit` most overdue tracks (`fetch-audience --limit 100` counts tracks,
 * not pairs): every stale pair of each, in the order of stalePairs.
 */
export async function staleTrackPairs(
  db: Database,
  query: Omit<StalePairsQuery, 'limit'> & { trackLimit: number },
): Promise<StalePair[]> {
  const { trackLimit, ...rest } = query;
  const chosen = new Set<string>();
  return (await stalePairs(db, { ...rest, limit: Number.MAX_SAFE_INTEGER })).filter((pair) => {
    if (chosen.has(pair.trackUuid)) return true;
    if (chosen.size >= trackLimit) return false;
    chosen.add(pair.trackUuid);
    return true;
  });
}

/** Tracks paired with these platforms that have no ingest state yet. */
async function neverTriedPairs(db: Database, slugs: readonly string[], limit: number, leasedAt: Date | undefined): Promise<StalePair[]> {
  const tried = db
    .select({ one: sql`1` })
    .from(state)
    .where(and(eq(state.trackId, tracks.id), eq(state.platformId, platforms.id)));
  const rows = await db
    .select({ trackUuid: tracks.uuid, platformSlug: platforms.slug })
    .from(tracks)
    .innerJoin(platforms, inArray(platforms.slug, [...slugs]))
    .where(and(notExists(tried), leasedAt ? notLeased(tracks.id, platforms.id, leasedAt) : undefined))
    .orderBy(asc(tracks.id), asc(platforms.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, lastSucceededAt: null, lastAttemptAt: null }));
}

/** The first `trackLimit` tracks (in the order they were added), each with every given platform. */
export async function allTracksPairs(db: Database, platformSlugs: readonly string[], trackLimit: number): Promise<TrackPlatformPair[]> {
  const first = db.select({ id: tracks.id }).from(tracks).orderBy(asc(tracks.id)).limit(trackLimit).as('first_tracks');
  return db
    .select({ trackUuid: tracks.uuid, platformSlug: platforms.slug })
    .from(first)
    .innerJoin(tracks, eq(tracks.id, first.id))
    .innerJoin(platforms, inArray(platforms.slug, [...platformSlugs]))
    .orderBy(asc(tracks.id), asc(platforms.id));
}

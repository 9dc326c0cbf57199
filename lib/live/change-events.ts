import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { audienceChanges, platforms } from '@/db/schema';

/** One stored change as open pages receive it. */
export type ChangeEvent = {
  id: number;
  trackId: number;
  /** Null when the change concerns the whole track. */
  platform: string | null;
  firstDate: string | null;
  lastDate: string | null;
};

const columns = {
  id: audienceChanges.id,
  trackId: audienceChanges.trackId,
  platform: platforms.slug,
  firstDate: audienceChanges.firstDate,
  lastDate: audienceChanges.lastDate,
};

/** Every change after the given id, oldest first, at most `limit` of them. */
export async function changesAfter(db: Database, afterId: number, limit: number): Promise<ChangeEvent[]> {
  return db
    .select(columns)
    .from(audienceChanges)
    .leftJoin(platforms, eq(platforms.id, audienceChanges.platformId))
    .where(gt(audienceChanges.id, afterId))
    .orderBy(asc(audienceChanges.id))
    .limit(limit);
}

/** The newest change id, 0 when there is none. */
export async function newestChangeId(db: Database): Promise<number> {
  const [row] = await db.select({ id: sql<number>`coalesce(max(${audienceChanges.id}), 0)`.mapWith(Number) }).from(audienceChanges);
  return row?.id ?? 0;
}

/** What a page that saw change `lastId` of a track has missed: the changes since, or reset when they were pruned. */
export type Replay = { reset: true } | { reset: false; changes: ChangeEvent[] };

// More missed changes than this and the page refetches everything once instead.
const MAX_REPLAYED = 500;

/** `track.version` is the track's data version: a page that has seen it has missed nothing. */
export async function trackChangesAfter(db: Database, track: { trackId: number; version: number }, lastId: number): Promise<Replay> {
  if (lastId >= track.version) return { reset: false, changes: [] };
  const [oldest] = await db.select({ id: sql<number | null>`min(${audienceChanges.id})`.mapWith(Number) }).from(audienceChanges);
  // Ids are handed out in commit order and pruning deletes the oldest ids: an id at or above the
  // oldest kept one minus one means nothing after it was pruned (a gap left by a rollback is a
  // needless reset at worst).
  if (oldest?.id !== null && oldest?.id !== undefined && lastId < oldest.id - 1) return { reset: true };
  const changes = await db
    .select(columns)
    .from(audienceChanges)
    .leftJoin(platforms, eq(platforms.id, audienceChanges.platformId))
    .where(and(eq(audienceChanges.trackId, track.trackId), gt(audienceChanges.id, lastId)))
    .orderBy(asc(audienceChanges.id))
    .limit(MAX_REPLAYED + 1);
  return changes.length > MAX_REPLAYED ? { reset: true } : { reset: false, changes };
}

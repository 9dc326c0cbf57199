import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { tracks } from '@/db/schema';
import { hasPendingChange, sawVersion } from './local-writes';

/** A track's id and data version (the id of its newest audience change). */
export type TrackVersion = { trackId: number; version: number };

/**
 * How stale a version in memory may be: the bound on how late a write made by another process shows
 * in this process's replies. A version is known as of the later of two moments: when it was read from
 * the database, and when the process's change feed (lib/live/change-feed.ts) last read every change
 * (it does so on each notification and every second). While the feed keeps up, versions come from
 * memory alone; when it stalls (its connection lost, a serverless instance frozen between requests),
 * each track's version is read again once it is older than this.
 */
export const VERSION_TRUSTED_FOR_MS = 2_000;

type Entry = TrackVersion & { checkedAt: number };

type Book = {
  byUuid: Map<string, Entry>;
  uuidById: Map<number, string>;
  /** The newest change the feed has read of each track, for a version read while the feed was reading. */
  newestSeen: Map<number, number>;
  /** Every change committed before this moment has been read by the feed (0: never). */
  feedFreshAsOf: number;
  /** When the feed started: it vouches only for versions read after, the changes before it being unread. */
  feedSince: number;
};

const holder = globalThis as typeof globalThis & { __audienceVersions?: Book };
const book = (holder.__audienceVersions ??= { byUuid: new Map(), uuidById: new Map(), newestSeen: new Map(), feedFreshAsOf: 0, feedSince: Number.POSITIVE_INFINITY });

// Bounded so that a crawl over every track keeps memory flat; the oldest entries go first.
const MAX_ENTRIES = 50_000;

function remember(uuid: string, entry: Entry): void {
  book.byUuid.delete(uuid);
  if (book.byUuid.size >= MAX_ENTRIES) {
    const [oldest] = book.byUuid.keys();
    if (oldest !== undefined) {
      const old = book.byUuid.get(oldest);
      book.byUuid.delete(oldest);
      if (old) book.uuidById.delete(old.trackId);
    }
  }
  book.byUuid.set(uuid, entry);
  book.uuidById.set(entry.trackId, uuid);
}

/**
 * The versions of the given tracks, from memory when known as of less than VERSION_TRUSTED_FOR_MS ago
 * and not written by this process since, else in one indexed read. An unknown uuid is left out.
 */
export async function trackVersions(db: Database, uuids: readonly string[], now: number = Date.now()): Promise<Map<string, TrackVersion>> {
  const result = new Map<string, TrackVersion>();
  const stale: string[] = [];
  for (const uuid of uuids) {
    const entry = book.byUuid.get(uuid);
    const knownAsOf = entry ? Math.max(entry.checkedAt, entry.checkedAt >= book.feedSince ? book.feedFreshAsOf : 0) : 0;
    if (entry && now - knownAsOf < VERSION_TRUSTED_FOR_MS && !hasPendingChange(entry.trackId, now)) {
      result.set(uuid, { trackId: entry.trackId, version: entry.version });
    } else stale.push(uuid);
  }
  if (stale.length === 0) return result;
  const rows = await db
    .select({ uuid: tracks.uuid, trackId: tracks.id, version: tracks.dataVersion })
    .from(tracks)
    .where(inArray(tracks.uuid, stale));
  for (const row of rows) {
    // A change the feed read while this read was under way is not lost.
    const version = Math.max(row.version, book.newestSeen.get(row.trackId) ?? 0);
    sawVersion(row.trackId, version);
    remember(row.uuid, { trackId: row.trackId, version, checkedAt: now });
    result.set(row.uuid, { trackId: row.trackId, version });
  }
  return result;
}

/** Whether `db` (a replica) holds at least the given version of each track. */
export async function replayedVersions(db: Database, versions: ReadonlyMap<string, TrackVersion>): Promise<boolean> {
  const rows = await db
    .select({ uuid: tracks.uuid, version: tracks.dataVersion })
    .from(tracks)
    .where(inArray(tracks.uuid, [...versions.keys()]));
  return rows.length === versions.size && rows.every((row) => row.version >= (versions.get(row.uuid)?.version ?? Number.POSITIVE_INFINITY));
}

/** A change read by the feed: a version held in memory moves forward at once. */
export function advanceVersion(trackId: number, changeId: number): void {
  if ((book.newestSeen.get(trackId) ?? 0) < changeId) book.newestSeen.set(trackId, changeId);
  const uuid = book.uuidById.get(trackId);
  const entry = uuid === undefined ? undefined : book.byUuid.get(uuid);
  if (entry && entry.version < changeId) entry.version = changeId;
}

/** The feed starts: from now on it reads every change, after the newest one committed before this moment. */
export function markFeedStarted(at: number): void {
  book.feedSince = at;
}

/** The feed has read every change committed before `startedAt` (when its read began). */
export function markFeedFresh(startedAt: number): void {
  book.feedFreshAsOf = Math.max(book.feedFreshAsOf, startedAt);
}

import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { tracks } from '@/db/schema';
import { hasPendingChange, sawVersion } from './local-writes';

/** A track's id and data version (the id of its newest audience change). */
export type TrackVersion = { trackId: number; version: number };

/**
 * How long a version read from the database is trusted without reading it again: the bound on how
 * late a write made by another process shows in this process's replies when its notification is
 * lost (the listener reconnecting, a serverless instance frozen). With the listener up, a change
 * shows as soon as its notification arrives (lib/live/change-feed.ts moves the version forward).
 */
export const VERSION_TRUSTED_FOR_MS = 2_000;

type Entry = TrackVersion & { checkedAt: number };

const holder = globalThis as typeof globalThis & { __audienceVersions?: { byUuid: Map<string, Entry>; uuidById: Map<number, string> } };
const book = (holder.__audienceVersions ??= { byUuid: new Map(), uuidById: new Map() });

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
 * The versions of the given tracks, from memory when read less than VERSION_TRUSTED_FOR_MS ago and
 * not written by this process since, else in one indexed read. An unknown uuid is left out.
 */
export async function trackVersions(db: Database, uuids: readonly string[], now: number = Date.now()): Promise<Map<string, TrackVersion>> {
  const result = new Map<string, TrackVersion>();
  const stale: string[] = [];
  for (const uuid of uuids) {
    const entry = book.byUuid.get(uuid);
    if (entry && now - entry.checkedAt < VERSION_TRUSTED_FOR_MS && !hasPendingChange(entry.trackId, now)) {
      result.set(uuid, { trackId: entry.trackId, version: entry.version });
    } else stale.push(uuid);
  }
  if (stale.length === 0) return result;
  const rows = await db
    .select({ uuid: tracks.uuid, trackId: tracks.id, version: tracks.dataVersion })
    .from(tracks)
    .where(inArray(tracks.uuid, stale));
  for (const row of rows) {
    sawVersion(row.trackId, row.version);
    remember(row.uuid, { trackId: row.trackId, version: row.version, checkedAt: now });
    result.set(row.uuid, { trackId: row.trackId, version: row.version });
  }
  return result;
}

/** A change seen by the feed: a version held in memory moves forward at once, without waiting out its trust. */
export function advanceVersion(trackId: number, changeId: number): void {
  const uuid = book.uuidById.get(trackId);
  const entry = uuid === undefined ? undefined : book.byUuid.get(uuid);
  if (entry && entry.version < changeId) entry.version = changeId;
}

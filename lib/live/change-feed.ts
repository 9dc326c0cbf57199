import { getDatabase } from '@/db/client';
import type { DatabaseHandle } from '@/db/client';
import { cachedUntilFailure } from '@/lib/cached-until-failure';
import type { Slot } from '@/lib/cached-until-failure';
import { logger } from '@/lib/logger';
import { AUDIENCE_CHANGES_CHANNEL } from './channel';
import { changesAfter, newestChangeId } from './change-events';
import type { ChangeEvent } from './change-events';
import { advanceVersion, markFeedFresh, markFeedStarted } from './versions';

type Listener = (change: ChangeEvent) => void;

/**
 * One per process: a single LISTEN (one connection on PostgreSQL) whose notifications wake a read of
 * the changes after the last one seen, fanned out in memory to the open event streams of each track
 * and to the version book of the reply caches. A notification is only a wake-up: the table is the
 * record, so a lost notification (the listener reconnecting) is caught by the read that follows the
 * reconnect, and by a poll every POLL_MS (one indexed read of nothing, most of the time), which also
 * tells the version book how fresh it is.
 */
type Feed = {
  watermark: number;
  listeners: Map<number, Set<Listener>>;
  pulling: Promise<void> | undefined;
  again: boolean;
};

const POLL_MS = 1_000;
const PAGE = 1_000;

const holder = globalThis as typeof globalThis & { __audienceFeed?: { feed: Feed; started: Slot<void> } };
const state = (holder.__audienceFeed ??= { feed: { watermark: 0, listeners: new Map(), pulling: undefined, again: false }, started: {} });
const { feed } = state;

async function readNewChanges(handle: DatabaseHandle): Promise<void> {
  for (;;) {
    const changes = await changesAfter(handle.db, feed.watermark, PAGE);
    for (const change of changes) {
      feed.watermark = change.id;
      advanceVersion(change.trackId, change.id);
      for (const listener of feed.listeners.get(change.trackId) ?? []) listener(change);
    }
    if (changes.length < PAGE) return;
  }
}

/** Reads what is new; a wake-up during a read makes one more read after it, never two at once. */
function pull(handle: DatabaseHandle): Promise<void> {
  if (feed.pulling) {
    feed.again = true;
    return feed.pulling;
  }
  feed.pulling = (async () => {
    try {
      do {
        feed.again = false;
        const startedAt = Date.now();
        await readNewChanges(handle);
        markFeedFresh(startedAt);
      } while (feed.again);
    } catch (error) {
      logger().warn({ err: error }, 'could not read audience changes');
    } finally {
      feed.pulling = undefined;
    }
  })();
  return feed.pulling;
}

async function start(): Promise<void> {
  const handle = await getDatabase();
  feed.watermark = await newestChangeId(handle.db);
  // Taken after the read: a version read from here on misses no change at or below the watermark.
  markFeedStarted(Date.now());
  await handle.listen(
    AUDIENCE_CHANGES_CHANNEL,
    () => void pull(handle),
    () => void pull(handle),
  );
  setInterval(() => void pull(handle), POLL_MS).unref();
}

/** Starts the process's feed once (again after a failure to start); resolves when it listens. */
export function ensureChangeFeed(): Promise<void> {
  return cachedUntilFailure(state.started, start);
}

/** Calls the listener with each change of the track from now on; returns the unsubscribe function. */
export function subscribeToTrack(trackId: number, listener: Listener): () => void {
  let set = feed.listeners.get(trackId);
  if (!set) feed.listeners.set(trackId, (set = new Set<Listener>()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && feed.listeners.get(trackId) === set) feed.listeners.delete(trackId);
  };
}

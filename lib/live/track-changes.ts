import type { Database } from '@/db/client';
import { requireTrack } from '@/lib/catalogue/lookups';
import { ensureChangeFeed, subscribeToTrack } from './change-feed';
import { trackChangesAfter } from './change-events';
import type { ChangeEvent } from './change-events';

/** What an open page is told: a change of its track, or to refetch everything (what it missed was pruned). */
export type TrackMessage = { kind: 'change'; change: ChangeEvent } | { kind: 'reset'; id: number };

/**
 * Follows one track's changes: first those after `afterId` (what a reconnecting page missed), then
 * each new one as the process's feed sees it, each once and in id order. Subscribes before reading
 * the missed ones, holding live changes back meanwhile, so that none falls between the two. Unknown
 * track: the catalogue's not-found error. Returns the function that stops following.
 */
export async function followTrackChanges(
  db: Database,
  trackUuid: string,
  afterId: number | undefined,
  send: (message: TrackMessage) => void,
): Promise<() => void> {
  await ensureChangeFeed();
  const { id: trackId } = await requireTrack(db, trackUuid);
  let lastSent = afterId ?? 0;
  let held: ChangeEvent[] | undefined = [];
  const emit = (change: ChangeEvent): void => {
    if (change.id <= lastSent) return;
    lastSent = change.id;
    send({ kind: 'change', change });
  };
  const unsubscribe = subscribeToTrack(trackId, (change) => (held ? held.push(change) : emit(change)));
  try {
    if (afterId !== undefined) {
      // Read after subscribing: a version read before could miss a change the feed has already passed on.
      const { dataVersion } = await requireTrack(db, trackUuid);
      const replay = await trackChangesAfter(db, { trackId, version: dataVersion }, afterId);
      if (replay.reset) {
        lastSent = dataVersion;
        send({ kind: 'reset', id: dataVersion });
      } else replay.changes.forEach(emit);
    }
  } catch (error) {
    unsubscribe();
    throw error;
  }
  const pending = held;
  held = undefined;
  pending.forEach(emit);
  return unsubscribe;
}

/**
 * Changes this process has written and may not have seen committed yet, by track id. A track listed
 * here has its version read from the database on every request until the read shows the change, so
 * that the writing process's next reply after its commit is fresh even before the notification lands.
 */
const holder = globalThis as typeof globalThis & { __audienceLocalWrites?: Map<number, { id: number; until: number }> };
const pending = (holder.__audienceLocalWrites ??= new Map());

// A change whose transaction rolled back never shows; after this the track is trusted to memory again.
const PENDING_FOR_MS = 60_000;

export function notePendingChange(trackId: number, changeId: number, now: number = Date.now()): void {
  const current = pending.get(trackId);
  if (!current || current.id < changeId) pending.set(trackId, { id: changeId, until: now + PENDING_FOR_MS });
}

/** True while a change of the track written here has not been seen in a read of its version. */
export function hasPendingChange(trackId: number, now: number = Date.now()): boolean {
  const current = pending.get(trackId);
  if (!current) return false;
  if (current.until > now) return true;
  pending.delete(trackId);
  return false;
}

/** A read of the track's version: the pending change is seen once the version reaches it. */
export function sawVersion(trackId: number, version: number): void {
  const current = pending.get(trackId);
  if (current && version >= current.id) pending.delete(trackId);
}

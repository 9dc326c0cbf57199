import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { audienceChanges, tracks } from '@/db/schema';
import { AUDIENCE_CHANGES_CHANNEL } from './channel';
import { notePendingChange } from './local-writes';

export type AudienceChangeInput = {
  trackId: number;
  /** Omitted when the change concerns the whole track: its metadata, its deletion, a seed. */
  platformId?: number;
  /** The days that may have changed; omitted bounds are open. */
  firstDate?: string;
  lastDate?: string;
};

// Any fixed 64-bit key, held by no other code: serialises the id hand-out of change-writing transactions.
const CHANGE_ORDER_LOCK = 0x61756469656e6365n;
const CHANGES_PER_INSERT = 10_000;

/**
 * THE hook for every write or deletion of audience points (or of what a reply shows of a track): call
 * it inside the writing transaction, as its last statement, for each track touched. It records one
 * audience_changes row per track, moves each track's data_version to that row's id and sends a NOTIFY
 * that PostgreSQL delivers at commit: the reply caches of every process drop what they held for the
 * track and open pages refetch (lib/live/). Nothing is signalled when the transaction rolls back.
 *
 * Ids follow commit order: the track rows are locked first (always before the advisory lock, so that
 * no holder of the advisory lock waits for anything), then the advisory lock is taken and held until
 * the commit. The row lock is FOR NO KEY UPDATE, the lock an UPDATE of the row takes anyway: FOR UPDATE
 * would wait for the key-share locks that a concurrent run's inserts of the same track's points hold,
 * while that run waits for this row, a deadlock. A reader that has seen change N has therefore seen every change below N, which makes
 * "the changes after N" a complete replay. Call it last so that the lock is held for an instant.
 */
export async function recordAudienceChanges(tx: Database, changes: readonly AudienceChangeInput[]): Promise<number[]> {
  if (changes.length === 0) return [];
  const trackIds = [...new Set(changes.map((change) => change.trackId))].sort((a, b) => a - b);
  await tx
    .select({ id: tracks.id })
    .from(tracks)
    .where(sql`${tracks.id} = any(string_to_array(${trackIds.join(',')}, ',')::integer[])`)
    .orderBy(tracks.id)
    .for('no key update');
  await tx.execute(sql`select pg_advisory_xact_lock(${CHANGE_ORDER_LOCK})`);
  const written: { id: number; trackId: number }[] = [];
  // In slices: a statement's parameters stop at 65,535, four a change.
  for (let start = 0; start < changes.length; start += CHANGES_PER_INSERT) {
    written.push(
      ...(await tx
        .insert(audienceChanges)
        .values(
          changes.slice(start, start + CHANGES_PER_INSERT).map((change) => ({
            trackId: change.trackId,
            platformId: change.platformId ?? null,
            firstDate: change.firstDate ?? null,
            lastDate: change.lastDate ?? null,
          })),
        )
        .returning({ id: audienceChanges.id, trackId: audienceChanges.trackId })),
    );
  }
  const newest = new Map<number, number>();
  for (const row of written) newest.set(row.trackId, Math.max(newest.get(row.trackId) ?? 0, row.id));
  // One statement whatever the number of tracks; lists of ids go as texts, which both drivers pass alike.
  const trackIdList = [...newest.keys()].join(',');
  const versionList = [...newest.values()].join(',');
  await tx.execute(sql`
    update ${tracks} set data_version = v.version
    from unnest(string_to_array(${trackIdList}, ',')::integer[], string_to_array(${versionList}, ',')::bigint[]) as v(track_id, version)
    where ${tracks.id} = v.track_id and ${tracks.dataVersion} < v.version`);
  for (const [trackId, id] of newest) notePendingChange(trackId, id);
  const last = written.reduce((highest, row) => Math.max(highest, row.id), 0);
  await tx.execute(sql`select pg_notify(${AUDIENCE_CHANGES_CHANNEL}, ${String(last)})`);
  return written.map((row) => row.id);
}

import { count, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { recordAudit } from '@/lib/operations/audit-log';
import { requireTrack } from './lookups';

export type TrackRemovalImpact = { trackUuid: string; trackName: string; creditName: string; points: number; platforms: number };

/** What removing a track takes with it: its stored days and the platforms they are on, for the confirmation. */
export async function trackRemovalImpact(db: Database, trackUuid: string): Promise<TrackRemovalImpact> {
  const track = await requireTrack(db, trackUuid);
  const [row] = await db
    .select({ points: count(), platforms: sql<number>`count(distinct ${series.platformId})`.mapWith(Number) })
    .from(series)
    .where(eq(series.trackId, track.id));
  return { trackUuid: track.uuid, trackName: track.name, creditName: track.creditName, points: row?.points ?? 0, platforms: row?.platforms ?? 0 };
}

/**
 * Removes a track with its series, identifier values, ingest runs and pair state (the foreign keys
 * cascade), recorded in the admin audit, in one transaction. `expectedPoints` is the count the admin
 * confirmed: when data arrived since, nothing is removed and the new count is reported.
 */
export async function removeTrack(
  db: Database,
  input: { trackUuid: string; expectedPoints: number; admin: string; now?: Date },
): Promise<TrackRemovalImpact> {
  return db.transaction(async (tx) => {
    const impact = await trackRemovalImpact(tx, input.trackUuid);
    if (impact.points !== input.expectedPoints) {
      throw new AppError(
        'conflict',
        `“${impact.trackName}” now has ${impact.points.toLocaleString('en-US')} stored days, not the ${input.expectedPoints.toLocaleString('en-US')} confirmed; nothing was removed. Confirm again`,
      );
    }
    const removed = await tx.delete(tracks).where(eq(tracks.uuid, impact.trackUuid)).returning({ id: tracks.id });
    if (removed.length !== 1) throw new AppError('conflict', `Track ${impact.trackUuid} was removed by someone else meanwhile`);
    await recordAudit(
      tx,
      {
        admin: input.admin,
        action: 'remove_track',
        target: impact.trackUuid,
        summary: `Removed “${impact.trackName}” and its ${impact.points.toLocaleString('en-US')} stored days on ${impact.platforms} platforms`,
        detail: { ...impact },
      },
      input.now,
    );
    // Last, as the hook asks: cached replies of the track go, open pages learn it is gone.
    await recordAudienceChanges(tx, removed.map((track) => ({ trackId: track.id })));
    return impact;
  });
}

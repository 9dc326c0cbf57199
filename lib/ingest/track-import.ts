import { eq, getTableColumns, sql } from 'drizzle-orm';
import { tracks } from '@/db/schema';
import type { Track } from '@/db/schema';
import type { IngestDeps } from './processor';
import { AppError } from '@/lib/errors';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { trackUuidSchema } from '@/lib/identifiers';
import { parseInput } from '@/lib/validation';

export type ImportedTrack = { track: Track; created: boolean };

/**
 * Adds a track by its SoundCharts uuid, with the metadata SoundCharts holds (name, credit name,
 * image, release date, ISRC); a track already there gets its metadata refreshed. An unknown uuid
 * is the client's not_found error ("Song <uuid> not found on SoundCharts") and stores nothing.
 */
export async function importTrack(deps: Pick<IngestDeps, 'db' | 'client' | 'now'>, uuid: string): Promise<ImportedTrack> {
  const trackUuid = parseInput(trackUuidSchema, uuid, 'track uuid');
  const song = await deps.client.getSong(trackUuid);
  const now = (deps.now ?? (() => new Date()))();
  const metadata = {
    name: song.name,
    creditName: song.creditName,
    imageUrl: song.imageUrl,
    releaseDate: song.releaseDate,
    isrc: song.isrc,
  };
  // The name and credit a reply shows may change: signalled in the same transaction as the write.
  const [written] = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .insert(tracks)
      .values({ uuid: trackUuid, ...metadata, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: tracks.uuid,
        set: { ...metadata, updatedAt: now },
        setWhere: sql`(${tracks.name}, ${tracks.creditName}, ${tracks.imageUrl}, ${tracks.releaseDate}, ${tracks.isrc})
          is distinct from (excluded.name, excluded.credit_name, excluded.image_url, excluded.release_date, excluded.isrc)`,
      })
      .returning({ ...getTableColumns(tracks), created: sql<boolean>`(xmax = 0)` });
    const [row] = rows;
    if (row) row.dataVersion = (await recordAudienceChanges(tx, [{ trackId: row.id }]))[0] ?? row.dataVersion;
    return rows;
  });
  if (written) {
    const { created, ...track } = written;
    return { track, created };
  }
  // Already there with the same metadata: the upsert wrote nothing and returned nothing.
  const [existing] = await deps.db.select().from(tracks).where(eq(tracks.uuid, trackUuid)).limit(1);
  if (!existing) throw new AppError('internal', `Track ${trackUuid} vanished while it was being imported`);
  return { track: existing, created: false };
}

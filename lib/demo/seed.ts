import { inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import type { NewAudiencePoint } from '@/db/schema';
import { todayUtc } from '@/lib/dates';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { demoCatalogue, demoIdentifiers, demoSeries } from './catalogue';
import type { CatalogueOptions } from './catalogue';

// Seeded days are written as totals, without per-identifier values: the versioned song, whose
// totals follow from those values, comes in through the processor (the demo, the HTTP tests).
export type SeedOptions = Omit<CatalogueOptions, 'versionedSong'> & { endDate?: string };

const CHUNK = 2_000;

/**
 * Writes the demo catalogue straight into the database, in one transaction: for tests and
 * benchmarks that need data without going through SoundCharts. Running it twice changes nothing.
 */
export async function seedDemoCatalogue(db: Database, options: SeedOptions = {}): Promise<{ tracks: number; points: number }> {
  const endDate = options.endDate ?? todayUtc();
  const catalogue = demoCatalogue(options);
  return db.transaction(async (tx) => {
    await tx
      .insert(tracks)
      .values(
        catalogue.map((track) => ({
          uuid: track.uuid,
          name: track.name,
          creditName: track.creditName,
          isrc: track.isrc,
          releaseDate: track.releaseDate,
        })),
      )
      .onConflictDoNothing({ target: tracks.uuid });
    const stored = await tx
      .select({ id: tracks.id, uuid: tracks.uuid })
      .from(tracks)
      .where(inArray(tracks.uuid, catalogue.map((track) => track.uuid)));
    const trackIds = new Map(stored.map((row) => [row.uuid, row.id]));
    const platformIds = new Map((await tx.select({ id: platforms.id, slug: platforms.slug }).from(platforms)).map((row) => [row.slug, row.id]));

    let points = 0;
    let batch: NewAudiencePoint[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await tx.insert(trackAudienceTimeSeries).values(batch).onConflictDoNothing();
      points += batch.length;
      batch = [];
    };
    for (const track of catalogue) {
      const trackId = trackIds.get(track.uuid);
      if (trackId === undefined) continue;
      for (const slug of track.platforms) {
        const platformId = platformIds.get(slug);
        if (platformId === undefined) continue;
        const identifier = demoIdentifiers(track, slug).join(',');
        for (const point of demoSeries(track, slug, endDate)) {
          batch.push({ trackId, platformId, date: point.date, audienceValue: point.value, platformIdentifier: identifier });
          if (batch.length >= CHUNK) await flush();
        }
      }
    }
    await flush();
    await tx.update(tracks).set({ audienceFetchedAt: sql`now()` }).where(inArray(tracks.id, [...trackIds.values()]));
    await recordAudienceChanges(tx, [...trackIds.values()].map((trackId) => ({ trackId })));
    return { tracks: trackIds.size, points };
  });
}

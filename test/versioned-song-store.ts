import type { Database } from '@/db/client';
import { platforms, tracks } from '@/db/schema';
import { versionedSong, versionedSongDays } from '@/lib/demo/versioned-song';
import { readIdentifierPlots } from '@/lib/ingest/identifier-plots';
import { storeAudienceSeries } from '@/lib/ingest/store';

/** Stores the demo's song with several versions up to endDate through the processor's store, as an ingest would. */
export async function storeVersionedSong(db: Database, endDate: string): Promise<void> {
  const [track] = await db
    .insert(tracks)
    .values({ uuid: versionedSong.uuid, name: versionedSong.name, creditName: versionedSong.creditName, releaseDate: versionedSong.releaseDate })
    .returning();
  if (!track) throw new Error('could not add the versioned song');
  const all = await db.select({ id: platforms.id, slug: platforms.slug }).from(platforms);
  for (const slug of versionedSong.platforms) {
    const platform = all.find((candidate) => candidate.slug === slug);
    if (!platform) throw new Error(`no platform ${slug}`);
    const items = versionedSongDays(slug, endDate).map((day) => ({ date: day.date, plots: day.plots, raw: day }));
    await db.transaction((tx) => storeAudienceSeries(tx, track.id, platform.id, readIdentifierPlots(items), new Date()));
  }
}

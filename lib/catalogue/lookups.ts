import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import type { Platform, Track } from '@/db/schema';
import { AppError } from '@/lib/errors';

export const trackNotFound = (uuid: string): AppError => new AppError('not_found', `Track ${uuid} not found`);
export const platformNotFound = (slug: string): AppError => new AppError('not_found', `Platform '${slug}' not found`);

export async function findTrackByUuid(db: Database, uuid: string): Promise<Track | undefined> {
  const [track] = await db.select().from(tracks).where(eq(tracks.uuid, uuid)).limit(1);
  return track;
}

export async function requireTrack(db: Database, uuid: string): Promise<Track> {
  const track = await findTrackByUuid(db, uuid);
  if (!track) throw trackNotFound(uuid);
  return track;
}

async function findPlatformsBySlugs(db: Database, slugs: readonly string[]): Promise<Platform[]> {
  if (slugs.length === 0) return [];
  return db.select().from(platforms).where(inArray(platforms.slug, [...slugs]));
}

/** These platforms put in the order of the slugs; an unknown slug is a not-found error naming it. */
export function inOrderAsked<P extends Pick<Platform, 'slug'>>(found: readonly P[], slugs: readonly string[]): P[] {
  const bySlug = new Map(found.map((platform) => [platform.slug, platform]));
  return slugs.map((slug) => {
    const platform = bySlug.get(slug);
    if (!platform) throw platformNotFound(slug);
    return platform;
  });
}

/** The platforms for these slugs, in the order asked; an unknown slug is a not-found error naming it. */
export async function requirePlatforms(db: Database, slugs: readonly string[]): Promise<Platform[]> {
  return inOrderAsked(await findPlatformsBySlugs(db, slugs), slugs);
}

export async function listPlatforms(db: Database): Promise<Platform[]> {
  return db.select().from(platforms).orderBy(asc(platforms.id));
}

/** Platforms that hold at least one point for the track, in catalogue order. */
export async function platformsWithData(db: Database, trackId: number): Promise<Platform[]> {
  return db
    .select()
    .from(platforms)
    .where(
      sql`exists (select 1 from ${series} where ${series.trackId} = ${trackId} and ${series.platformId} = ${platforms.id})`,
    )
    .orderBy(asc(platforms.id));
}

/** These tracks in the order of the uuids; every unknown one named in one not-found error. */
export async function requireTracks(db: Database, uuids: readonly string[]): Promise<Track[]> {
  const found = uuids.length === 0 ? [] : await db.select().from(tracks).where(inArray(tracks.uuid, [...uuids]));
  const byUuid = new Map(found.map((track) => [track.uuid, track]));
  const missing = uuids.filter((uuid) => !byUuid.has(uuid));
  if (missing.length === 1) throw trackNotFound(missing[0] as string);
  if (missing.length > 1) throw new AppError('not_found', `Tracks ${missing.join(', ')} not found`);
  return uuids.map((uuid) => byUuid.get(uuid) as Track);
}

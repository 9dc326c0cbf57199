import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { adminAudit, audienceChanges, ingestPairState, ingestRuns, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { AppError } from '@/lib/errors';
import { listAudit } from '@/lib/operations/audit-log';
import { testDatabases } from '@/test/databases';
import { editPlatform, platformEditSchema, platformUsage } from './edit-platform';
import { removeTrack, trackRemovalImpact } from './remove-track';

const uuid = (n: number): string => `00000000-0000-1000-8000-${String(n).padStart(12, '0')}`;
const at = new Date('2025-06-30T12:00:00Z');

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe.each(testDatabases())('admin changes on $name', ({ open }) => {
  let handle: DatabaseHandle;
  const platformIds = new Map<string, number>();
  let spotify: { name: string; audienceMetricName: string; platformIdentifier: string; color: string };

  beforeAll(async () => {
    handle = await open();
    for (const row of await handle.db.select().from(platforms)) platformIds.set(row.slug, row.id);
    const [row] = await handle.db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
    if (!row) throw new Error('no spotify');
    spotify = { name: row.name, audienceMetricName: row.audienceMetricName, platformIdentifier: row.platformIdentifier, color: row.color };
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate track_audience_time_series, ingest_runs, ingest_pair_state, admin_audit, tracks restart identity cascade`);
    await handle.db.update(platforms).set(spotify).where(eq(platforms.slug, 'spotify'));
    const [one, two] = await handle.db
      .insert(tracks)
      .values([1, 2].map((n) => ({ uuid: uuid(n), name: `Track ${n}` })))
      .returning({ id: tracks.id });
    if (!one || !two) throw new Error('no tracks');
    const points = (trackId: number, slug: string, days: number) =>
      Array.from({ length: days }, (_, day) => ({ trackId, platformId: platformIds.get(slug) as number, date: addDays('2025-01-01', day), audienceValue: day }));
    await handle.db.insert(series).values([...points(one.id, 'spotify', 30), ...points(one.id, 'youtube', 10), ...points(two.id, 'spotify', 5)]);
    await handle.db.insert(ingestRuns).values({ trackId: one.id, platformId: platformIds.get('spotify') as number, trigger: 'cli', status: 'succeeded', leaseExpiresAt: at });
    await handle.db.insert(ingestPairState).values({ trackId: one.id, platformId: platformIds.get('spotify') as number, lastAttemptAt: at, lastStatus: 'succeeded', lastSucceededAt: at });
  });

  it('says what a removal takes, removes the track with its series, runs and state in one go, and records it', async () => {
    expect(await trackRemovalImpact(handle.db, uuid(1))).toEqual({ trackUuid: uuid(1), trackName: 'Track 1', creditName: '', points: 40, platforms: 2 });
    const removed = await removeTrack(handle.db, { trackUuid: uuid(1), expectedPoints: 40, admin: 'admin', now: at });
    expect(removed.points).toBe(40);
    expect(await handle.db.select().from(tracks)).toHaveLength(1);
    expect(await handle.db.select().from(series)).toHaveLength(5);
    // Cached replies and open pages of the track learn that it is gone.
    expect(await handle.db.$count(audienceChanges, eq(audienceChanges.trackId, 1))).toBe(1);
    expect(await handle.db.select().from(ingestRuns)).toHaveLength(0);
    expect(await handle.db.select().from(ingestPairState)).toHaveLength(0);
    expect(await listAudit(handle.db, 10)).toEqual([
      expect.objectContaining({ admin: 'admin', action: 'remove_track', target: uuid(1), at, summary: 'Removed “Track 1” and its 40 stored days on 2 platforms' }),
    ]);
  });

  it('removes nothing when the confirmed count is out of date, or the track is unknown', async () => {
    const stale = await rejection(removeTrack(handle.db, { trackUuid: uuid(1), expectedPoints: 39, admin: 'admin' }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/now has 40 stored days, not the 39 confirmed; nothing was removed/);
    expect((await rejection(removeTrack(handle.db, { trackUuid: uuid(9), expectedPoints: 0, admin: 'admin' }))).code).toBe('not_found');
    expect(await handle.db.select().from(series)).toHaveLength(45);
    expect(await handle.db.select().from(adminAudit)).toHaveLength(0);
  });

  it('edits a platform, says what a new code affects, records before and after, and changes nothing when nothing differs', async () => {
    const edit = platformEditSchema.parse({ name: ' Spotify ', audienceMetricName: 'Monthly streams', platformIdentifier: 'spotify-v2', color: '#AABBCC' });
    const result = await editPlatform(handle.db, { slug: 'spotify', edit, admin: 'admin', now: at });
    expect(result).toEqual({
      slug: 'spotify',
      changed: ['metric name', 'SoundCharts code', 'colour'],
      codeChange: { from: 'spotify', to: 'spotify-v2', pairs: 2, points: 35 },
    });
    const [row] = await handle.db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
    expect(row).toMatchObject({ name: 'Spotify', audienceMetricName: 'Monthly streams', platformIdentifier: 'spotify-v2', color: '#aabbcc' });
    // Replies name the platform: both tracks with Spotify data have new ones, the version of each moved.
    expect((await handle.db.select({ version: tracks.dataVersion }).from(tracks)).every(({ version }) => version > 0)).toBe(true);
    const [entry] = await listAudit(handle.db, 10);
    expect(entry).toMatchObject({
      action: 'edit_platform',
      target: 'spotify',
      summary: 'Changed metric name, SoundCharts code, colour of Spotify; 35 stored days of 2 tracks were fetched with the old code',
      detail: { before: { audienceMetricName: 'Streams', platformIdentifier: 'spotify', color: spotify.color }, after: { color: '#aabbcc' } },
    });
    expect(await editPlatform(handle.db, { slug: 'spotify', edit, admin: 'admin' })).toEqual({ slug: 'spotify', changed: [], codeChange: undefined });
    expect(await listAudit(handle.db, 10)).toHaveLength(1);
    expect((await rejection(editPlatform(handle.db, { slug: 'myspace', edit, admin: 'admin' }))).code).toBe('not_found');
    expect((await platformUsage(handle.db)).get(platformIds.get('spotify') as number)).toEqual({ points: 35, tracks: 2 });
  });

  it('refuses platform values that would break the catalogue', () => {
    const valid = { name: 'Spotify', audienceMetricName: 'Streams', platformIdentifier: 'spotify', color: '#3b82f6' };
    for (const bad of [
      { name: '   ' },
      { name: 'x'.repeat(61) },
      { name: 'Spo\u0000tify' },
      { audienceMetricName: '' },
      { platformIdentifier: 'Apple Music' },
      { platformIdentifier: 'apple_music' },
      { color: 'red' },
      { color: '#fff' },
    ]) {
      expect(platformEditSchema.safeParse({ ...valid, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(platformEditSchema.parse({ ...valid, platformIdentifier: ' ' }).platformIdentifier).toBe('');
  });
});

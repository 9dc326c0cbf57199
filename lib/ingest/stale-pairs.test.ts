import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestPairState, ingestRuns, platforms, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { allTracksPairs, stalePairs, staleTrackPairs } from './stale-pairs';
import { listFailedRuns } from './runs';

const now = new Date('2025-08-31T12:00:00Z');
const hoursAgo = (hours: number): Date => new Date(now.getTime() - hours * 3_600_000);
const uuid = (n: number): string => `00000000-0000-1000-8000-${String(n).padStart(12, '0')}`;

describe.each(testDatabases())('ingest selection on $name', ({ open }) => {
  let handle: DatabaseHandle;
  const trackIds: number[] = [];
  const platformIds = new Map<string, number>();

  beforeAll(async () => {
    handle = await open();
    for (const row of await handle.db.select().from(platforms)) platformIds.set(row.slug, row.id);
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate ingest_runs, ingest_pair_state, tracks restart identity cascade`);
    const inserted = await handle.db
      .insert(tracks)
      .values([1, 2, 3, 4].map((n) => ({ uuid: uuid(n), name: `Track ${n}` })))
      .returning({ id: tracks.id });
    trackIds.splice(0, trackIds.length, ...inserted.map((row) => row.id));
  });

  async function state(track: number, slug: string, lastAttemptAt: Date, lastStatus: 'succeeded' | 'failed', lastSucceededAt: Date | null) {
    await handle.db.insert(ingestPairState).values({
      trackId: trackIds[track - 1] as number,
      platformId: platformIds.get(slug) as number,
      lastAttemptAt,
      lastStatus,
      lastSucceededAt,
    });
  }
  const keys = (pairs: { trackUuid: string; platformSlug: string }[]) => pairs.map((pair) => `${pair.trackUuid.slice(-1)}:${pair.platformSlug}`);

  it('puts never-fetched pairs first, then stale pairs by their last attempt, leaving fresh ones out', async () => {
    await state(1, 'spotify', hoursAgo(30), 'succeeded', hoursAgo(30));
    await state(2, 'spotify', hoursAgo(200), 'succeeded', hoursAgo(200));
    await state(3, 'spotify', hoursAgo(2), 'succeeded', hoursAgo(2));
    const pairs = await stalePairs(handle.db, { staleBefore: hoursAgo(24), platformSlugs: ['spotify'], limit: 10 });
    expect(keys(pairs)).toEqual(['4:spotify', '2:spotify', '1:spotify']);
    expect(pairs[1]).toMatchObject({ lastSucceededAt: hoursAgo(200), lastAttemptAt: hoursAgo(200) });

    const weekOld = await stalePairs(handle.db, { staleBefore: hoursAgo(24 * 7), platformSlugs: ['spotify'], limit: 10 });
    expect(keys(weekOld)).toEqual(['4:spotify', '2:spotify']);
    expect(keys(await stalePairs(handle.db, { staleBefore: hoursAgo(24), platformSlugs: ['spotify'], limit: 2 }))).toEqual([
      '4:spotify',
      '2:spotify',
    ]);
  });

  it('lets a failing pair wait its turn instead of holding the head of the queue', async () => {
    await state(1, 'spotify', hoursAgo(0.5), 'failed', null);
    await state(2, 'spotify', hoursAgo(3), 'failed', hoursAgo(48));
    await state(3, 'spotify', hoursAgo(30), 'succeeded', hoursAgo(30));
    await state(4, 'spotify', hoursAgo(40), 'succeeded', hoursAgo(40));
    const pairs = await stalePairs(handle.db, {
      staleBefore: hoursAgo(24),
      retryFailedBefore: hoursAgo(1),
      platformSlugs: ['spotify'],
      limit: 10,
    });
    expect(keys(pairs)).toEqual(['4:spotify', '3:spotify', '2:spotify']);
  });

  it('leaves out pairs whose run holds its lease, and offers them again once the lease has run out', async () => {
    await state(2, 'spotify', hoursAgo(30), 'succeeded', hoursAgo(30));
    const run = (track: number, leaseExpiresAt: Date) => ({
      trackId: trackIds[track - 1] as number,
      platformId: platformIds.get('spotify') as number,
      trigger: 'cron' as const,
      startedAt: hoursAgo(0.1),
      leaseExpiresAt,
    });
    // Track 1 never tried and track 2 tried before are both being fetched elsewhere; track 3's worker stopped.
    await handle.db.insert(ingestRuns).values([run(1, hoursAgo(-0.01)), run(2, hoursAgo(-0.01)), run(3, hoursAgo(0.01))]);
    const query = { staleBefore: hoursAgo(24), platformSlugs: ['spotify'], limit: 10 };
    expect(keys(await stalePairs(handle.db, { ...query, leasedAt: now }))).toEqual(['3:spotify', '4:spotify']);
    expect(keys(await stalePairs(handle.db, { ...query, leasedAt: hoursAgo(-1) }))).toEqual(['1:spotify', '3:spotify', '4:spotify', '2:spotify']);
    expect(keys(await stalePairs(handle.db, query))).toEqual(['1:spotify', '3:spotify', '4:spotify', '2:spotify']);
  });

  it('without platforms, takes the default platforms of every track and the other pairs fetched before', async () => {
    await state(1, 'youtube', hoursAgo(30), 'succeeded', hoursAgo(30));
    await state(2, 'tiktok', hoursAgo(1), 'succeeded', hoursAgo(1));
    await state(3, 'spotify', hoursAgo(2), 'succeeded', hoursAgo(2));
    await state(3, 'shazam', hoursAgo(50), 'succeeded', hoursAgo(50));
    const pairs = await stalePairs(handle.db, { staleBefore: hoursAgo(24), defaultPlatformSlugs: ['spotify', 'shazam'], limit: 10 });
    expect(keys(pairs)).toEqual(['1:spotify', '1:shazam', '2:spotify', '2:shazam', '4:spotify', '4:shazam', '3:shazam', '1:youtube']);
  });

  it('counts tracks, not pairs, when asked for the most overdue tracks, and takes every stale pair of each', async () => {
    await state(1, 'spotify', hoursAgo(2), 'succeeded', hoursAgo(2));
    await state(1, 'shazam', hoursAgo(2), 'succeeded', hoursAgo(2));
    await state(2, 'spotify', hoursAgo(300), 'succeeded', hoursAgo(300));
    await state(3, 'spotify', hoursAgo(100), 'succeeded', hoursAgo(100));
    await state(3, 'shazam', hoursAgo(400), 'succeeded', hoursAgo(400));
    await state(4, 'spotify', hoursAgo(1), 'succeeded', hoursAgo(1));
    await state(4, 'shazam', hoursAgo(1), 'succeeded', hoursAgo(1));
    const query = { staleBefore: hoursAgo(24), platformSlugs: ['spotify', 'shazam'] };
    expect(keys(await staleTrackPairs(handle.db, { ...query, trackLimit: 2 }))).toEqual(['2:shazam', '3:shazam', '2:spotify', '3:spotify']);
    expect(keys(await staleTrackPairs(handle.db, { ...query, trackLimit: 1 }))).toEqual(['2:shazam', '2:spotify']);
  });

  it('lists every track with the given platforms, in the order tracks were added', async () => {
    expect(keys(await allTracksPairs(handle.db, ['youtube', 'spotify'], 2))).toEqual([
      '1:spotify',
      '1:youtube',
      '2:spotify',
      '2:youtube',
    ]);
  });

  it('lists failed runs newest first, with the track and platform', async () => {
    const base = { trackId: trackIds[0] as number, platformId: platformIds.get('spotify') as number, trigger: 'cron' as const };
    await handle.db.insert(ingestRuns).values([
      { ...base, status: 'failed', startedAt: hoursAgo(5), leaseExpiresAt: hoursAgo(4), error: 'older', errorCode: 'upstream_unavailable' },
      { ...base, status: 'succeeded', startedAt: hoursAgo(3), leaseExpiresAt: hoursAgo(2) },
      { ...base, status: 'failed', startedAt: hoursAgo(1), leaseExpiresAt: now, error: 'newer', errorCode: 'rate_limited' },
    ]);
    const failed = await listFailedRuns(handle.db, { limit: 10 });
    expect(failed.map((run) => [run.error, run.errorCode, run.trackUuid, run.platformSlug, run.trackName])).toEqual([
      ['newer', 'rate_limited', uuid(1), 'spotify', 'Track 1'],
      ['older', 'upstream_unavailable', uuid(1), 'spotify', 'Track 1'],
    ]);
    expect(await listFailedRuns(handle.db, { limit: 1 })).toHaveLength(1);
    expect(await listFailedRuns(handle.db, { limit: 10, since: hoursAgo(2) })).toHaveLength(1);
    await handle.db.delete(tracks).where(eq(tracks.id, trackIds[0] as number));
    expect(await listFailedRuns(handle.db, { limit: 10 })).toEqual([]);
  });
});

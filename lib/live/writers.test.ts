import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { audienceChanges, platforms, tracks } from '@/db/schema';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { bulkProcessAudienceData } from '@/lib/ingest/processor';
import { recomputeStoredTotals } from '@/lib/ingest/recompute-totals';
import { importTrack } from '@/lib/ingest/track-import';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { startTestSoundcharts, testClient } from '@/test/soundcharts';
import { CHANGES_KEPT_DAYS } from './prune';

const catalogue = demoCatalogue({ trackCount: 3 });
const [, second, third] = catalogue as [unknown, (typeof catalogue)[number], (typeof catalogue)[number]];

// Every writer of audience points signals its change: what the caches and open pages rely on.
describe.each(testDatabases())('the writers of audience points on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;

  beforeAll(async () => {
    [handle, server] = await Promise.all([open(), startTestSoundcharts({ catalogue })]);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });

  const changes = () =>
    handle.db
      .select({ id: audienceChanges.id, track: tracks.uuid, platform: platforms.slug })
      .from(audienceChanges)
      .leftJoin(tracks, eq(tracks.id, audienceChanges.trackId))
      .leftJoin(platforms, eq(platforms.id, audienceChanges.platformId))
      .orderBy(asc(audienceChanges.id));
  const version = async (uuid: string) =>
    ((await handle.db.select({ version: tracks.dataVersion }).from(tracks).where(eq(tracks.uuid, uuid))) as [{ version: number }])[0].version;

  it('the demo seed, a track import, an ingest run and a recompute each record a change and move the version', async () => {
    const seeded = await seedDemoCatalogue(handle.db, { trackCount: 1, endDate: '2025-08-31' });
    const afterSeed = await changes();
    expect(afterSeed).toHaveLength(seeded.tracks);
    expect(afterSeed).toContainEqual({ id: expect.any(Number), track: BAD_GUY_UUID, platform: null });
    const seedChange = afterSeed.find((change) => change.track === BAD_GUY_UUID);
    expect(await version(BAD_GUY_UUID)).toBe(seedChange?.id);
    let last = Math.max(...afterSeed.map((change) => change.id));

    const expectNext = async (track: string, platform: string | null) => {
      last += 1;
      expect((await changes()).at(-1)).toEqual({ id: last, track, platform });
      expect(await version(track)).toBe(last);
    };
    await importTrack({ db: handle.db, client: testClient(server) }, second.uuid);
    await expectNext(second.uuid, null);
    const result = await bulkProcessAudienceData({ db: handle.db, client: testClient(server) }, [{ trackUuid: second.uuid, platformSlug: 'spotify' }]);
    expect(result.totals.succeeded).toBe(1);
    await expectNext(second.uuid, 'spotify');
    await recomputeStoredTotals(handle.db);
    await expectNext(second.uuid, 'spotify');
  });

  it('a bulk run prunes the changes older than the window', async () => {
    await handle.db.update(audienceChanges).set({ createdAt: sql`now() - make_interval(days => ${CHANGES_KEPT_DAYS + 1})` });
    await importTrack({ db: handle.db, client: testClient(server) }, third.uuid);
    await bulkProcessAudienceData({ db: handle.db, client: testClient(server) }, [{ trackUuid: third.uuid, platformSlug: 'spotify' }]);
    expect((await changes()).map((change) => change.track)).toEqual([third.uuid, third.uuid]);
  });
});

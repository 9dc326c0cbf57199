import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { audienceSeriesForPlatforms, audienceSeriesPacked, findTrackByUuid, platformsWithExtent } from './lookups';
import type { PlatformDatedValue } from '@/lib/chart/chartjs';
import { BAD_GUY_UUID, demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';

const END = '2025-08-31';
const badGuy = demoCatalogue({ trackCount: 0 })[0]!;
const EMPTY_TRACK_UUID = '0f0e0d0c-0b0a-1909-8807-0605040302aa';

const byDateThenPlatform = (points: readonly PlatformDatedValue[]): PlatformDatedValue[] =>
  [...points].sort((a, b) => a.date.localeCompare(b.date) || a.platformId - b.platformId);

describe.each(testDatabases())('track page queries on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let trackId: number;
  let emptyTrackId: number;
  beforeAll(async () => {
    handle = await open();
    await seedDemoCatalogue(handle.db, { trackCount: 0, endDate: END });
    const [empty] = await handle.db.insert(tracks).values({ uuid: EMPTY_TRACK_UUID, name: 'Empty', creditName: 'Nobody' }).returning();
    emptyTrackId = empty!.id;
    trackId = (await findTrackByUuid(handle.db, BAD_GUY_UUID))!.id;
  });
  afterAll(() => handle.close());

  it('lists the platforms with data in catalogue order, each with its first and last day', async () => {
    const found = await platformsWithExtent(handle.db, trackId);
    expect(found.map((platform) => platform.slug).sort()).toEqual([...badGuy.platforms].sort());
    expect(found.map((platform) => platform.id)).toEqual([...found.map((platform) => platform.id)].sort((a, b) => a - b));
    for (const platform of found) {
      const expected = demoSeries(badGuy, platform.slug, END);
      expect([platform.firstDate, platform.lastDate]).toEqual([expected[0]?.date, expected.at(-1)?.date]);
    }
    expect(await platformsWithExtent(handle.db, emptyTrackId)).toEqual([]);
  });

  it('reads the same points, exact beyond 2^31, packed as it does row by row', async () => {
    const platformIds = (await platformsWithExtent(handle.db, trackId)).map((platform) => platform.id);
    for (const window of [{}, { startDate: '2025-07-14', endDate: '2025-07-23' }, { startDate: '2025-08-20' }, { endDate: '2023-01-05' }]) {
      const packed = await audienceSeriesPacked(handle.db, trackId, platformIds, window);
      expect(byDateThenPlatform(packed)).toEqual(byDateThenPlatform(await audienceSeriesForPlatforms(handle.db, trackId, platformIds, window)));
    }
    const spotifyId = (await platformsWithExtent(handle.db, trackId)).find((platform) => platform.slug === 'spotify')!.id;
    const days = await audienceSeriesPacked(handle.db, trackId, [spotifyId], { startDate: '2025-07-21', endDate: '2025-07-23' });
    expect(days.map((point) => point.value)).toEqual([2_763_701_395, 2_764_225_348, 2_764_759_050]);
    expect(await audienceSeriesPacked(handle.db, trackId, [], {})).toEqual([]);
    expect(await audienceSeriesPacked(handle.db, emptyTrackId, platformIds, {})).toEqual([]);
  });
});

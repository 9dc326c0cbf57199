import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { findTrackByUuid } from '@/lib/catalogue/lookups';
import { BAD_GUY_UUID, demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { platformsWithExtent, readComparisonChart } from './queries';
import type { ChartWindow } from './queries';
import type { PlatformDatedValue } from './series';

const END = '2025-08-31';
const badGuy = demoCatalogue({ trackCount: 0 })[0]!;
const EMPTY_TRACK_UUID = '0f0e0d0c-0b0a-1909-8807-0605040302aa';

const byDateThenPlatform = (points: readonly PlatformDatedValue[]): PlatformDatedValue[] =>
  [...points].sort((a, b) => a.date.localeCompare(b.date) || a.platformId - b.platformId);

describe.each(testDatabases())('series reads on $name', ({ open }) => {
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

  it('reads every stored point of the window, exact beyond 2^31, for every platform with data', async () => {
    const platforms = await platformsWithExtent(handle.db, trackId);
    const windows: ChartWindow[] = [{}, { startDate: '2025-07-14', endDate: '2025-07-23' }, { startDate: '2025-08-20' }, { endDate: '2023-01-05' }];
    for (const window of windows) {
      const read = await readComparisonChart(handle.db, BAD_GUY_UUID, undefined, window);
      if (read.found !== 'track') throw new Error('bad guy not found');
      expect(read.platforms.map((platform) => platform.id)).toEqual(platforms.map((platform) => platform.id));
      const expected = platforms.flatMap((platform) =>
        demoSeries(badGuy, platform.slug, END)
          .filter((point) => (!window.startDate || point.date >= window.startDate) && (!window.endDate || point.date <= window.endDate))
          .map((point) => ({ platformId: platform.id, date: point.date, value: point.value })),
      );
      expect(byDateThenPlatform(read.points)).toEqual(byDateThenPlatform(expected));
    }
    const days = await readComparisonChart(handle.db, BAD_GUY_UUID, ['spotify'], { startDate: '2025-07-21', endDate: '2025-07-23' });
    expect(days.found === 'track' && byDateThenPlatform(days.points).map((point) => point.value)).toEqual([2_763_701_395, 2_764_225_348, 2_764_759_050]);
    const none = await readComparisonChart(handle.db, BAD_GUY_UUID, [], {});
    expect(none.found === 'track' && none.points).toEqual([]);
    const empty = await readComparisonChart(handle.db, EMPTY_TRACK_UUID, undefined, {});
    expect(empty.found === 'track' && [empty.platforms, empty.points]).toEqual([[], []]);
  });
});

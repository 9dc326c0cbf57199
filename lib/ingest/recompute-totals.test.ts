import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceIdentifiers, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { recomputeStoredTotals } from './recompute-totals';

/** A day as stored before totals were worked out per identifier: the raw item, and the sum of its plots. */
function legacyDay(trackId: number, platformId: number, date: string, plots: [string, number][]) {
  const list = plots.map(([identifier, value]) => ({ identifier, value }));
  return {
    trackId,
    platformId,
    date,
    audienceValue: list.reduce((sum, plot) => sum + plot.value, 0),
    platformIdentifier: plots.map(([identifier]) => identifier).join(','),
    apiData: { date: `${date}T00:00:00+00:00`, plots: list },
  };
}

describe.each(testDatabases())('recomputing stored totals on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let trackId: number;
  let spotifyId: number;
  let youtubeId: number;

  beforeAll(async () => {
    handle = await open();
    const [track] = await handle.db.insert(tracks).values({ uuid: '5e0c7a3a-8f21-11ec-b909-0242ac120002', name: 'Paper Skyline' }).returning();
    const rows = await handle.db.select().from(platforms);
    trackId = track!.id;
    spotifyId = rows.find((platform) => platform.slug === 'spotify')!.id;
    youtubeId = rows.find((platform) => platform.slug === 'youtube')!.id;
    await handle.db.insert(series).values([
      // Seeded before raw items were kept: no plots, so its total stays as stored.
      { trackId, platformId: spotifyId, date: '2025-02-28', audienceValue: 999, apiData: {} },
      legacyDay(trackId, spotifyId, '2025-03-01', [['b', 1000], ['a', 100]]),
      legacyDay(trackId, spotifyId, '2025-03-02', [['a', 110], ['b', 1005]]),
      legacyDay(trackId, spotifyId, '2025-03-03', [['a', 120], ['c', 50_000]]),
      legacyDay(trackId, spotifyId, '2025-03-04', [['a', 130], ['c', 50_010]]),
      legacyDay(trackId, youtubeId, '2025-03-01', [['v', 7]]),
      legacyDay(trackId, youtubeId, '2025-03-02', [['v', 9]]),
    ]);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const stored = (platformId: number) =>
    handle.db
      .select({ date: series.date, value: series.audienceValue, provisional: series.provisional })
      .from(series)
      .where(and(eq(series.trackId, trackId), eq(series.platformId, platformId)))
      .orderBy(asc(series.date));

  it('rebuilds identifier values from api_data and rewrites the totals that dipped, without SoundCharts', async () => {
    expect(await recomputeStoredTotals(handle.db)).toEqual({ pairs: 2, identifierValues: 10, daysChanged: 2 });
    expect(await stored(spotifyId)).toEqual([
      { date: '2025-02-28', value: 999, provisional: false },
      { date: '2025-03-01', value: 1100, provisional: false },
      { date: '2025-03-02', value: 1115, provisional: false },
      // b stopped reporting after 03-02: its 1,005 is carried, where the plots alone summed 50,120 and 50,140.
      { date: '2025-03-03', value: 51_125, provisional: true },
      { date: '2025-03-04', value: 51_145, provisional: true },
    ]);
    expect(await stored(youtubeId)).toEqual([
      { date: '2025-03-01', value: 7, provisional: false },
      { date: '2025-03-02', value: 9, provisional: false },
    ]);
    const known = await handle.db
      .select({ identifier: trackAudienceIdentifiers.identifier, firstDate: trackAudienceIdentifiers.firstDate, firstValue: trackAudienceIdentifiers.firstValue })
      .from(trackAudienceIdentifiers)
      .where(eq(trackAudienceIdentifiers.platformId, spotifyId))
      .orderBy(asc(trackAudienceIdentifiers.identifier));
    expect(known).toEqual([
      { identifier: 'a', firstDate: '2025-03-01', firstValue: 100 },
      { identifier: 'b', firstDate: '2025-03-01', firstValue: 1000 },
      { identifier: 'c', firstDate: '2025-03-03', firstValue: 50_000 },
    ]);
  });

  it('changes nothing when run again', async () => {
    const before = [await stored(spotifyId), (await handle.db.execute(sql`select count(*)::int as n from track_audience_identifier_values`))];
    expect(await recomputeStoredTotals(handle.db)).toEqual({ pairs: 2, identifierValues: 10, daysChanged: 0 });
    expect([await stored(spotifyId), await handle.db.execute(sql`select count(*)::int as n from track_audience_identifier_values`)]).toEqual(before);
  });
});

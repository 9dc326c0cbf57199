import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { testDatabases } from '@/test/databases';
import { loadTrackInsights } from './track-insights';
import { loadTrackChartView } from './track-view';
import { DEFAULT_TRACK_VIEW } from './view-params';

const UUID = '7d534228-5165-11e9-9375-549f35161576';

/** Spotify: +10 a day for 40 days, +100 on day 41, +10 after, to 2025-03-01; YouTube: 2 points. */
async function seed(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const rows = await db.select().from(platforms);
  const id = (slug: string): number => rows.find((row) => row.slug === slug)?.id ?? -1;
  const [track] = await db.insert(tracks).values({ uuid: UUID, name: 'bad guy', creditName: 'Billie Eilish' }).returning();
  if (!track) throw new Error('track not inserted');
  let total = 1000;
  const spotify = Array.from({ length: 60 }, (_, day) => {
    if (day > 0) total += day === 41 ? 100 : 10;
    return { trackId: track.id, platformId: id('spotify'), date: addDays('2025-01-01', day), audienceValue: total };
  });
  await db.insert(trackAudienceTimeSeries).values([
    ...spotify,
    { trackId: track.id, platformId: id('youtube'), date: '2025-02-01', audienceValue: 5 },
    { trackId: track.id, platformId: id('youtube'), date: '2025-02-02', audienceValue: 7 },
  ]);
}

describe.each(testDatabases())('track page insights on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle.close());

  it('gives each platform shown its trend, spikes and forecast as of the end of the range', async () => {
    const [spotify, youtube] = await loadTrackInsights(handle.db, UUID, ['spotify', 'youtube'], '2025-02-20', 2);
    expect(spotify?.slug).toBe('spotify');
    expect(spotify?.trend.latest_date).toBe('2025-02-20');
    expect(spotify?.spikes.map((spike) => [spike.date, spike.change])).toEqual([['2025-02-11', 100]]);
    expect(spotify?.forecast?.labels).toEqual(['2025-02-21', '2025-02-22']);
    expect(youtube?.trend.latest_value).toBe(7);
    expect(youtube?.forecast?.method).toBe('naive-7d');
  });

  it('reads nothing after the end of the range, and nothing for no platform', async () => {
    const [spotify] = await loadTrackInsights(handle.db, UUID, ['spotify'], '2025-02-05', 1);
    expect(spotify?.spikes).toEqual([]);
    expect(spotify?.trend.latest_value).toBe(1000 + 35 * 10);
    expect(await loadTrackInsights(handle.db, UUID, [], '2025-02-05', 1)).toEqual([]);
  });

  it('gives the same insights from the chart’s rows of a range from the first day, and no rows to reuse on a shorter one', async () => {
    const all = await loadTrackChartView(handle.db, UUID, { ...DEFAULT_TRACK_VIEW, range: 'all' });
    expect(all?.history?.found).toBe('track');
    const end = all?.range?.end ?? '';
    expect(await loadTrackInsights(handle.db, UUID, ['spotify', 'youtube'], end, 3, all?.history)).toEqual(
      await loadTrackInsights(handle.db, UUID, ['spotify', 'youtube'], end, 3),
    );
    const month = await loadTrackChartView(handle.db, UUID, { ...DEFAULT_TRACK_VIEW, range: '30d' });
    expect(month?.history).toBeUndefined();
  });
});

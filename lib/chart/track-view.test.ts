import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { BAD_GUY_UUID, demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { loadTrackChartView } from './track-view';
import { DEFAULT_TRACK_VIEW } from './view-params';

const END = '2025-07-31';
const badGuy = demoCatalogue({ trackCount: 0 })[0]!;
const spotify = demoSeries(badGuy, 'spotify', END);
const NEW_TRACK_UUID = '0f0e0d0c-0b0a-1909-8807-060504030201';

describe.each(testDatabases())('track chart view on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seedDemoCatalogue(handle.db, { trackCount: 0, endDate: END });
    await handle.db.insert(tracks).values({ uuid: NEW_TRACK_UUID, name: 'Fresh', creditName: 'Newcomer' });
  });
  afterAll(() => handle.close());

  it('shows every platform with data over the last year by default, with the stored values', async () => {
    const view = await loadTrackChartView(handle.db, BAD_GUY_UUID.toUpperCase(), DEFAULT_TRACK_VIEW);
    expect(view?.track.name).toBe('bad guy');
    expect(view?.range).toEqual({ start: '2024-08-01', end: END });
    expect(view?.series.map((series) => [series.slug, series.shown])).toEqual([
      ['spotify', true],
      ['apple_music', true],
      ['youtube', true],
      ['shazam', true],
      ['tiktok', true],
      ['deezer', true],
    ]);
    const at = view!.dates.indexOf('2025-07-21');
    expect(view!.series[0]!.values[at]).toBe(2_763_701_395);
    expect(view!.series[0]!.metricName).toBe('Streams');
    expect(view!.dates[0]! >= '2024-08-01').toBe(true);
  });

  it('draws far-apart platforms on a logarithmic scale unless a scale is asked for', async () => {
    const chosen = await loadTrackChartView(handle.db, BAD_GUY_UUID, DEFAULT_TRACK_VIEW);
    expect(chosen?.scale.scale).toBe('log');
    expect(chosen?.scale.chosenFor?.ratio).toBeGreaterThan(100);
    expect(chosen?.view.scale).toBeUndefined();
    const asked = await loadTrackChartView(handle.db, BAD_GUY_UUID, { ...DEFAULT_TRACK_VIEW, scale: 'linear' });
    expect(asked?.scale).toEqual({ scale: 'linear', chosenFor: undefined });
    // Hidden platforms are not on the axis: Spotify alone has nothing to differ from.
    const alone = await loadTrackChartView(handle.db, BAD_GUY_UUID, { ...DEFAULT_TRACK_VIEW, platforms: ['spotify'] });
    expect(alone?.scale).toEqual({ scale: 'linear', chosenFor: undefined });
  });

  it('computes daily changes from the stored series, using the day before the range', async () => {
    const view = await loadTrackChartView(handle.db, BAD_GUY_UUID, {
      ...DEFAULT_TRACK_VIEW,
      platforms: ['spotify'],
      range: 'custom',
      from: '2025-07-22',
      to: '2025-07-23',
      mode: 'daily',
    });
    expect(view?.dates).toEqual(['2025-07-22', '2025-07-23']);
    expect(view?.series[0]?.values).toEqual([523_953, 533_702]);
    expect(view?.series.filter((series) => series.shown).map((series) => series.slug)).toEqual(['spotify']);
    expect(view?.view.platforms).toEqual(['spotify']);
  });

  it('indexes each platform to 100 at the start of the range', async () => {
    const view = await loadTrackChartView(handle.db, BAD_GUY_UUID, { ...DEFAULT_TRACK_VIEW, range: '30d', scale: 'indexed' });
    for (const series of view!.series) {
      expect(series.values.find((value) => value !== null)).toBe(100);
    }
    const last = spotify.at(-1)!;
    const first = spotify.find((point) => point.date >= '2025-07-02')!;
    // Rounded to hundredths for the page, which prints one decimal.
    expect(view!.series[0]!.values.at(-1)).toBe(Math.round((last.value / first.value) * 100 * 100) / 100);
  });

  it('drops unknown platforms from the choice and falls back to all when none is left', async () => {
    const view = await loadTrackChartView(handle.db, BAD_GUY_UUID, { ...DEFAULT_TRACK_VIEW, platforms: ['melon'] });
    expect(view?.view.platforms).toBeUndefined();
    expect(view?.series.every((series) => series.shown)).toBe(true);
  });

  it('answers a track without data with an empty view, and an unknown or malformed uuid with nothing', async () => {
    const fresh = await loadTrackChartView(handle.db, NEW_TRACK_UUID, DEFAULT_TRACK_VIEW);
    expect(fresh).toMatchObject({ extent: undefined, range: undefined, series: [], dates: [] });
    expect(await loadTrackChartView(handle.db, '00000000-0000-1000-8000-000000000000', DEFAULT_TRACK_VIEW)).toBeUndefined();
    expect(await loadTrackChartView(handle.db, 'not-a-uuid', DEFAULT_TRACK_VIEW)).toBeUndefined();
  });
});

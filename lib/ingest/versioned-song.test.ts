import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getChartInMode } from '@/lib/chart/derived-replies';
import { getInsights } from '@/lib/chart/insights';
import { getAudienceChartData } from '@/lib/chart/replies';
import { loadTrackChartView } from '@/lib/chart/track-view';
import { DEFAULT_TRACK_VIEW } from '@/lib/chart/view-params';
import { addDays, daysBetween } from '@/lib/dates';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { VERSIONED_SONG_UUID, versionedSong, versionedSongDays } from '@/lib/demo/versioned-song';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { referenceTotals } from '@/test/identifier-reference';
import type { ReferenceDay } from '@/test/identifier-reference';
import { startTestSoundcharts, testClient } from '@/test/soundcharts';
import { processAndStoreAudienceData } from './processor';
import type { IngestDeps } from './processor';
import { importTrack } from './track-import';

const TODAY = '2025-10-31';
const TOMORROW = '2025-11-01';
const noon = (day: string): Date => new Date(`${day}T12:00:00Z`);
const catalogue = demoCatalogue({ trackCount: 1, versionedSong: true });

/** What the shipped server sends for the song on a day, reckoned independently of the app. */
function reference(slug: string, today: string): ReferenceDay[] {
  return referenceTotals(versionedSongDays(slug, today).flatMap((day) => day.plots.map((plot) => ({ date: day.date, ...plot }))));
}

/** The data_events a chart reply should carry for one platform, from the reference. */
function expectedEvents(slug: string, days: readonly ReferenceDay[]) {
  return days.flatMap((day) => [
    ...day.added.map((added) => ({ type: 'version_added', date: day.date, platform: slug, identifier: added.identifier, value: added.value })),
    ...(day.provisional ? [{ type: 'provisional', date: day.date, platform: slug }] : []),
  ]);
}

describe.each(testDatabases())('a song with several versions, ingested over HTTP on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  let tomorrowServer: SoundchartsServer;

  beforeAll(async () => {
    [handle, server, tomorrowServer] = await Promise.all([
      open(),
      startTestSoundcharts({ today: TODAY, catalogue }),
      startTestSoundcharts({ today: TOMORROW, catalogue }),
    ]);
    await importTrack(deps(server, TODAY), VERSIONED_SONG_UUID);
    for (const slug of versionedSong.platforms) await processAndStoreAudienceData(deps(server, TODAY), VERSIONED_SONG_UUID, slug);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close(), tomorrowServer?.close()]);
  });

  function deps(on: SoundchartsServer, today: string): IngestDeps {
    return { db: handle.db, client: testClient(on), now: () => noon(today), historyDays: daysBetween(versionedSong.releaseDate, today) + 1 };
  }

  it('stores totals that count the lagging album version and the skipped single day, marked provisional', async () => {
    const expected = reference('spotify', TODAY);
    const reply = await getAudienceChartData(handle.db, VERSIONED_SONG_UUID, 'spotify');
    expect(reply.chart_data.labels).toEqual(expected.map((day) => day.date));
    expect(reply.chart_data.datasets[0]?.data).toEqual(expected.map((day) => day.total));
    expect(reply.data_events).toEqual(expectedEvents('spotify', expected));
    // Hand-checked: the remaster arrives with its twelve million, and the album lags on the last two days and skips none.
    expect(reply.data_events?.filter((event) => event.type === 'version_added')).toEqual([
      { type: 'version_added', date: '2025-06-01', platform: 'spotify', identifier: '7kXNp4ymSkb0bWuP2DJRqd', value: 12_345_678 },
    ]);
    expect(reply.data_events?.filter((event) => event.type === 'provisional').map((event) => event.date)).toEqual([
      '2025-01-15',
      addDays(TODAY, -1),
      TODAY,
    ]);
    const data = reply.chart_data.datasets[0]?.data ?? [];
    for (let index = 1; index < data.length; index += 1) expect(data[index]).toBeGreaterThan(data[index - 1] ?? Infinity);
  });

  it("shows each day's change as what the versions gained, with no spike where the remaster was added", async () => {
    const expected = reference('spotify', TODAY);
    const view = await loadTrackChartView(handle.db, VERSIONED_SONG_UUID, { ...DEFAULT_TRACK_VIEW, platforms: ['spotify'], range: 'all', mode: 'daily' });
    const spotify = view?.series.find((line) => line.slug === 'spotify');
    expect(view?.dates).toEqual(expected.map((day) => day.date));
    expect(spotify?.values).toEqual(expected.map((day) => day.dailyChange));
    const added = view?.dates.indexOf('2025-06-01') ?? -1;
    expect(spotify?.values[added]).toBeLessThan(250_000);
    expect(Math.max(...(spotify?.values ?? []).map((value) => value ?? 0))).toBeLessThan(250_000);
    expect(view?.events.filter((event) => event.type === 'version_added').map((event) => [event.date, event.platformName])).toEqual([
      ['2025-06-01', 'Spotify'],
    ]);
  });

  it('answers mode=daily of the chart API and the insights with what the versions gained, the version added as an event', async () => {
    const expected = reference('spotify', TODAY);
    const reply = await getChartInMode(handle.db, VERSIONED_SONG_UUID, 'spotify', {}, 'daily');
    const round = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : Math.round(value * 100) / 100);
    expect(reply.chart_data.labels).toEqual(expected.map((day) => day.date));
    expect(reply.chart_data.datasets[0]?.data.map(round)).toEqual(expected.map((day) => day.dailyChange));
    expect(reply.data_events?.filter((event) => event.type === 'version_added').map((event) => event.date)).toEqual(['2025-06-01']);
    const insights = await getInsights(handle.db, VERSIONED_SONG_UUID, 'spotify', { asOf: undefined, horizon: 30 });
    expect(insights.spikes.map((spike) => spike.date)).not.toContain('2025-06-01');
    expect(insights.trend.latest_value).toBe(expected.at(-1)?.total);
  });

  it('keeps TikTok sounds worth one video flat, and a sound added is an event', async () => {
    const expected = reference('tiktok', TODAY);
    const reply = await getAudienceChartData(handle.db, VERSIONED_SONG_UUID, 'tiktok');
    expect(reply.chart_data.datasets[0]?.data).toEqual(expected.map((day) => day.total));
    expect(reply.data_events).toEqual([
      { type: 'version_added', date: '2024-03-02', platform: 'tiktok', identifier: '7342280049185426182', value: 12 },
      { type: 'version_added', date: '2024-08-10', platform: 'tiktok', identifier: '7401559912004520710', value: 1 },
    ]);
    const view = await loadTrackChartView(handle.db, VERSIONED_SONG_UUID, { ...DEFAULT_TRACK_VIEW, platforms: ['tiktok'], range: 'all', mode: 'daily' });
    expect(view?.series.find((line) => line.slug === 'tiktok')?.values).toEqual(expected.map((day) => day.dailyChange));
  });

  it("replaces a provisional day when the lagging version's value arrives with the next day's fetch", async () => {
    const result = await processAndStoreAudienceData(deps(tomorrowServer, TOMORROW), VERSIONED_SONG_UUID, 'spotify');
    expect(result.status).toBe('succeeded');
    const expected = reference('spotify', TOMORROW);
    const reply = await getAudienceChartData(handle.db, VERSIONED_SONG_UUID, 'spotify', { startDate: addDays(TODAY, -3) });
    expect(reply.chart_data.datasets[0]?.data).toEqual(expected.slice(-5).map((day) => day.total));
    expect(reply.data_events).toEqual([
      { type: 'provisional', date: TODAY, platform: 'spotify' },
      { type: 'provisional', date: TOMORROW, platform: 'spotify' },
    ]);
    const yesterday = reference('spotify', TODAY).find((day) => day.date === addDays(TODAY, -1));
    expect(expected.find((day) => day.date === addDays(TODAY, -1))?.total).toBeGreaterThan(yesterday?.total ?? Infinity);
  });
});

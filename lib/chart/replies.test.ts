import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { getPlatformAudienceComparison, getAudienceChartData } from './replies';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { isAppError } from '@/lib/errors';

const OTHER_UUID = '11111111-2222-1333-8444-555555555555';
const EMPTY_UUID = '99999999-2222-1333-8444-555555555555';

async function seed(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const platformRows = await db.select().from(platforms);
  const id = (slug: string): number => {
    const platform = platformRows.find((row) => row.slug === slug);
    if (!platform) throw new Error(`no platform ${slug}`);
    return platform.id;
  };
  const [badGuy, other] = await db
    .insert(tracks)
    .values([
      { uuid: BAD_GUY_UUID, name: 'bad guy', creditName: 'Billie Eilish' },
      { uuid: OTHER_UUID, name: 'Other', creditName: 'Someone' },
      { uuid: EMPTY_UUID, name: 'Empty', creditName: 'Nobody' },
    ])
    .returning();
  if (!badGuy || !other) throw new Error('tracks not inserted');
  const point = (trackId: number, slug: string, date: string, audienceValue: number) => ({
    trackId,
    platformId: id(slug),
    date,
    audienceValue,
  });
  await db.insert(trackAudienceTimeSeries).values([
    point(badGuy.id, 'spotify', '2025-07-23', 2_764_759_050),
    point(badGuy.id, 'spotify', '2025-07-21', 2_763_701_395),
    point(badGuy.id, 'spotify', '2025-07-22', 2_764_225_348),
    point(badGuy.id, 'spotify', '2025-07-25', 2_765_000_000),
    point(badGuy.id, 'apple_music', '2025-07-21', 1_500_000),
    point(badGuy.id, 'apple_music', '2025-07-22', 1_550_000),
    point(badGuy.id, 'apple_music', '2025-07-23', 1_600_000),
    point(badGuy.id, 'apple_music', '2025-07-24', 1_650_000),
    point(badGuy.id, 'youtube', '2025-07-20', 9_007_199_254_740_991),
    point(other.id, 'spotify', '2025-07-22', 42),
  ]);
}

function expectAppError(error: unknown, code: string, message: string): void {
  expect(isAppError(error) && error.code).toBe(code);
  expect((error as Error).message).toBe(message);
}

describe.each(testDatabases())('chart data on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle.close());

  it('answers the README example byte for byte', async () => {
    const chart = await getAudienceChartData(handle.db, BAD_GUY_UUID, 'spotify', {
      startDate: '2025-07-21',
      endDate: '2025-07-23',
    });
    expect(JSON.stringify({ success: true, ...chart })).toBe(
      '{"success":true,"track":{"name":"bad guy","credit_name":"Billie Eilish","uuid":"7d534228-5165-11e9-9375-549f35161576"},' +
        '"platform":{"name":"Spotify","slug":"spotify","metric_name":"Streams"},' +
        '"chart_data":{"labels":["2025-07-21","2025-07-22","2025-07-23"],"datasets":[{"label":"bad guy on Spotify",' +
        '"data":[2763701395,2764225348,2764759050],"borderColor":"#3b82f6","backgroundColor":"rgba(59, 130, 246, 0.1)","tension":0.1}]}}',
    );
  });

  it('answers the documented comparison example byte for byte', async () => {
    const chart = await getPlatformAudienceComparison(handle.db, BAD_GUY_UUID, ['spotify', 'apple_music'], {
      startDate: '2025-07-21',
      endDate: '2025-07-23',
    });
    expect(JSON.stringify({ success: true, ...chart })).toBe(
      '{"success":true,"track":{"name":"bad guy","credit_name":"Billie Eilish","uuid":"7d534228-5165-11e9-9375-549f35161576"},' +
        '"platforms":[{"name":"Spotify","slug":"spotify","metric_name":"Streams"},{"name":"Apple Music","slug":"apple_music","metric_name":"Listeners"}],' +
        '"chart_data":{"labels":["2025-07-21","2025-07-22","2025-07-23"],"datasets":[' +
        '{"label":"bad guy on Spotify","data":[2763701395,2764225348,2764759050],"borderColor":"#3b82f6","backgroundColor":"rgba(59, 130, 246, 0.1)"},' +
        '{"label":"bad guy on Apple Music","data":[1500000,1550000,1600000],"borderColor":"#ef4444","backgroundColor":"rgba(239, 68, 68, 0.1)"}]}}',
    );
  });

  it('keeps values beyond 2^31 and up to 2^53 - 1 exact', async () => {
    const chart = await getAudienceChartData(handle.db, BAD_GUY_UUID, 'youtube', {});
    expect(chart.chart_data.datasets[0]?.data).toEqual([9_007_199_254_740_991]);
  });

  it('treats start_date and end_date as inclusive', async () => {
    const chart = await getAudienceChartData(handle.db, BAD_GUY_UUID, 'spotify', { startDate: '2025-07-22', endDate: '2025-07-25' });
    expect(chart.chart_data.labels).toEqual(['2025-07-22', '2025-07-23', '2025-07-25']);
  });

  it('gives the N most recent points, oldest first, with a limit', async () => {
    const chart = await getAudienceChartData(handle.db, BAD_GUY_UUID, 'spotify', { limit: 2 });
    expect(chart.chart_data.labels).toEqual(['2025-07-23', '2025-07-25']);
    expect(chart.chart_data.datasets[0]?.data).toEqual([2_764_759_050, 2_765_000_000]);
    const bounded = await getAudienceChartData(handle.db, BAD_GUY_UUID, 'spotify', { endDate: '2025-07-22', limit: 1 });
    expect(bounded.chart_data.labels).toEqual(['2025-07-22']);
  });

  it('compares the platforms with data, aligned on the union of their dates', async () => {
    const chart = await getPlatformAudienceComparison(handle.db, BAD_GUY_UUID, undefined, {});
    expect(chart.platforms.map((platform) => platform.slug)).toEqual(['spotify', 'apple_music', 'youtube']);
    expect(chart.chart_data.labels).toEqual(['2025-07-20', '2025-07-21', '2025-07-22', '2025-07-23', '2025-07-24', '2025-07-25']);
    expect(chart.chart_data.datasets.map((dataset) => dataset.data)).toEqual([
      [null, 2_763_701_395, 2_764_225_348, 2_764_759_050, null, 2_765_000_000],
      [null, 1_500_000, 1_550_000, 1_600_000, 1_650_000, null],
      [9_007_199_254_740_991, null, null, null, null, null],
    ]);
  });

  it('limits a comparison to the N most recent dates across the platforms shown', async () => {
    const chart = await getPlatformAudienceComparison(handle.db, BAD_GUY_UUID, ['apple_music', 'spotify'], { limit: 2 });
    expect(chart.platforms.map((platform) => platform.slug)).toEqual(['apple_music', 'spotify']);
    expect(chart.chart_data.labels).toEqual(['2025-07-24', '2025-07-25']);
    expect(chart.chart_data.datasets.map((dataset) => dataset.data)).toEqual([
      [1_650_000, null],
      [null, 2_765_000_000],
    ]);
  });

  it('gives a platform the same colour in every reply', async () => {
    const single = await getAudienceChartData(handle.db, BAD_GUY_UUID, 'apple_music', {});
    const multi = await getPlatformAudienceComparison(handle.db, BAD_GUY_UUID, undefined, {});
    expect(single.chart_data.datasets[0]?.borderColor).toBe('#ef4444');
    expect(multi.chart_data.datasets[1]?.borderColor).toBe('#ef4444');
    expect(multi.chart_data.datasets[1]?.backgroundColor).toBe('rgba(239, 68, 68, 0.1)');
  });

  it('answers an existing track with no data with empty labels and datasets', async () => {
    const multi = await getPlatformAudienceComparison(handle.db, EMPTY_UUID, undefined, {});
    expect(multi.chart_data).toEqual({ labels: [], datasets: [] });
    const single = await getAudienceChartData(handle.db, EMPTY_UUID, 'spotify', {});
    expect(single.chart_data).toEqual({ labels: [], datasets: [] });
    const chosen = await getPlatformAudienceComparison(handle.db, EMPTY_UUID, ['spotify', 'apple_music'], {});
    expect(chosen.platforms.map((platform) => platform.slug)).toEqual(['spotify', 'apple_music']);
    expect(chosen.chart_data).toEqual({ labels: [], datasets: [] });
  });

  it('names the unknown track or platform', async () => {
    const missing = '7d534228-5165-11e9-9375-000000000000';
    await getAudienceChartData(handle.db, missing, 'spotify', {}).then(
      () => expect.unreachable(),
      (error: unknown) => expectAppError(error, 'not_found', `Track ${missing} not found`),
    );
    await getAudienceChartData(handle.db, BAD_GUY_UUID, 'myspace', {}).then(
      () => expect.unreachable(),
      (error: unknown) => expectAppError(error, 'not_found', "Platform 'myspace' not found"),
    );
    await getPlatformAudienceComparison(handle.db, BAD_GUY_UUID, ['spotify', 'myspace'], {}).then(
      () => expect.unreachable(),
      (error: unknown) => expectAppError(error, 'not_found', "Platform 'myspace' not found"),
    );
  });

  it('refuses a second point for the same track, platform and date', async () => {
    const [track] = await handle.db.select().from(tracks).where(eq(tracks.uuid, OTHER_UUID));
    const [spotify] = await handle.db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
    if (!track || !spotify) throw new Error('seed missing');
    await expect(
      handle.db
        .insert(trackAudienceTimeSeries)
        .values({ trackId: track.id, platformId: spotify.id, date: '2025-07-22', audienceValue: 43 }),
    ).rejects.toThrow();
    const chart = await getAudienceChartData(handle.db, OTHER_UUID, 'spotify', {});
    expect(chart.chart_data.datasets[0]?.data).toEqual([42]);
  });

  it('ships the platform catalogue in every migrated database', async () => {
    const rows = await handle.db.select().from(platforms);
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    expect(rows.length).toBeGreaterThanOrEqual(17);
    expect(bySlug.get('spotify')).toMatchObject({ name: 'Spotify', audienceMetricName: 'Streams', platformIdentifier: 'spotify' });
    expect(bySlug.get('apple_music')).toMatchObject({ platformIdentifier: 'apple-music' });
    expect(bySlug.get('youtube')).toMatchObject({ audienceMetricName: 'Views' });
    expect(new Set(rows.map((row) => row.color)).size).toBe(rows.length);
  });
});

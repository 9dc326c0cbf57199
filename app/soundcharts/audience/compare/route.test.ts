import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { daysBetween } from '@/lib/dates';
import { startSeededApp } from '@/test/seeded-app';
import type { SeededApp, SeededAppOptions } from '@/test/seeded-app';
import { excelSerialToIsoDate, readXlsx } from '@/test/xlsx-reader';

const [, second, third] = demoCatalogue({ trackCount: 3 });
if (!second || !third) throw new Error('the demo catalogue has fewer tracks than expected');
const UNKNOWN_1 = '7d534228-5165-11e9-9375-0000000000f1';
const UNKNOWN_2 = '7d534228-5165-11e9-9375-0000000000f2';

// The third demo track loses its release date, for the release alignment's refusal.
async function forgetThirdRelease(db: Database): Promise<void> {
  await db.execute(sql`update tracks set release_date = null where uuid = ${third?.uuid}`);
}

type Reply = {
  tracks: { uuid: string; release_date: string | null }[];
  chart_data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
  data_events?: unknown[];
};

const backends: SeededAppOptions['backend'][] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('compare tracks over HTTP on %s', (backend) => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend, afterSeed: forgetThirdRelease });
  });
  afterAll(async () => app?.close());

  const get = (pathAndQuery: string, init?: RequestInit) => fetch(`${app.server.url}${pathAndQuery}`, { redirect: 'manual', ...init });
  const pair = `tracks=${BAD_GUY_UUID},${second.uuid}&platform=spotify`;

  it('compares tracks on the calendar, one dataset per track, with or without the trailing slash', async () => {
    for (const route of ['/soundcharts/audience/compare/', '/soundcharts/audience/compare']) {
      const response = await get(`${route}?${pair}&start_date=2025-07-21&end_date=2025-07-23`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Reply & { success: boolean; align: string };
      expect(body.success).toBe(true);
      expect(body.align).toBe('calendar');
      expect(body.tracks.map((track) => track.uuid)).toEqual([BAD_GUY_UUID, second.uuid]);
      expect(body.chart_data.labels).toEqual(['2025-07-21', '2025-07-22', '2025-07-23']);
      expect(body.chart_data.datasets[0]).toEqual({
        label: 'bad guy (Billie Eilish) on Spotify',
        data: [2_763_701_395, 2_764_225_348, 2_764_759_050],
        borderColor: '#3b82f6',
        backgroundColor: 'rgba(59, 130, 246, 0.1)',
      });
      expect(body).not.toHaveProperty('data_events');
    }
  });

  it('aligns on release: Day k holds the value of the release date plus k days', async () => {
    const body = (await (await get(`/soundcharts/audience/compare/?${pair}&align=release&mode=daily`)).json()) as Reply;
    const day = daysBetween('2019-03-29', '2025-07-22');
    expect(body.chart_data.labels[day]).toBe(`Day ${day}`);
    expect(body.chart_data.datasets[0]?.label).toBe('bad guy (Billie Eilish) on Spotify, daily change');
    expect(body.chart_data.datasets[0]?.data[day]).toBe(523_953);
    expect(body.data_events).toEqual([]);
  });

  it('exports the rows of the reply: CSV by day since release, Excel by date', async () => {
    // bad guy's demo data starts 1374 days after its release.
    const query = `${pair}&align=release&limit=1400`;
    const reply = (await (await get(`/soundcharts/audience/compare/?${query}`)).json()) as Reply;
    const csv = await get(`/soundcharts/audience/compare/?${query}&format=csv`);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="bad-guy-vs-[a-z0-9-]+_spotify_release_day-0_day-1399\.csv"$/);
    const [header, ...lines] = (await csv.text()).split('\r\n').slice(0, -1);
    expect(reply.chart_data.labels).toHaveLength(1400);
    expect(header).toBe(`day,${reply.chart_data.datasets.map((dataset) => dataset.label).join(',')}`);
    expect(lines).toEqual(reply.chart_data.labels.map((label, row) => [label, ...reply.chart_data.datasets.map((dataset) => dataset.data[row] ?? '')].join(',')));

    const calendar = `${pair}&start_date=2025-07-01&end_date=2025-07-31&mode=avg7`;
    const byDate = (await (await get(`/soundcharts/audience/compare/?${calendar}`)).json()) as Reply;
    const xlsx = await get(`/soundcharts/audience/compare/?${calendar}&format=xlsx`);
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; filename="bad-guy-vs-[a-z0-9-]+_spotify_avg7_2025-07-01_2025-07-31\.xlsx"$/);
    const sheet = readXlsx(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.rows.slice(1).map((row) => [excelSerialToIsoDate(Number(row[0]?.text)), row.find((cell) => cell.ref.startsWith('B'))?.text ?? null])).toEqual(
      byDate.chart_data.labels.map((label, row) => {
        const value = byDate.chart_data.datasets[0]?.data[row];
        return [label, value === null || value === undefined ? null : String(value)];
      }),
    );
  });

  it.each([
    ['platform=spotify', 400, 'Invalid query: tracks: is required: 2 to 10 track uuids separated by commas'],
    [`tracks=${BAD_GUY_UUID}`, 400, 'Invalid query: tracks: give at least 2 tracks; platform: is required: a platform slug like spotify'],
    [`tracks=${Array.from({ length: 11 }, (_, i) => `7d534228-5165-11e9-9375-0000000000${String(i).padStart(2, '0')}`).join(',')}&platform=spotify`, 400, 'Invalid query: tracks: give at most 10 tracks'],
    [`tracks=${BAD_GUY_UUID},${second.uuid},${BAD_GUY_UUID.toUpperCase()}&platform=spotify`, 400, `Invalid query: tracks: ${BAD_GUY_UUID} given more than once`],
    [`tracks=${BAD_GUY_UUID},nope&platform=spotify`, 400, 'Invalid query: tracks.1: must be a uuid like 7d534228-5165-11e9-9375-549f35161576'],
    [`${pair}&align=weekly`, 400, 'Invalid query: align: must be one of calendar, release'],
    [`${pair}&align=release&start_date=2025-01-01`, 400, 'Invalid query: align: start_date and end_date apply to align=calendar; with align=release days count from each release (limit keeps the first N)'],
    [`${pair}&mode=sum`, 400, 'Invalid query: mode: must be one of cumulative, daily, avg7, avg28'],
    [`tracks=${BAD_GUY_UUID},${UNKNOWN_1},${UNKNOWN_2}&platform=spotify`, 404, `Tracks ${UNKNOWN_1}, ${UNKNOWN_2} not found`],
    [`${pair}`.replace('spotify', 'myspace'), 404, "Platform 'myspace' not found"],
    [`tracks=${BAD_GUY_UUID},${third.uuid}&platform=spotify&align=release`, 400, `align=release needs a release date, and none is known for ${third.name} (${third.uuid})`],
  ])('answers %s with a JSON %i', async (query, status, error) => {
    const response = await get(`/soundcharts/audience/compare/?${query}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ success: false, error });
  });

  it('answers a method it does not serve with a JSON 405', async () => {
    const response = await get('/soundcharts/audience/compare/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, OPTIONS');
  });
});

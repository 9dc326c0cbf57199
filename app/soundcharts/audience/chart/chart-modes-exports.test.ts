import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { startSeededApp } from '@/test/seeded-app';
import type { SeededApp, SeededAppOptions } from '@/test/seeded-app';
import { excelSerialToIsoDate, readXlsx } from '@/test/xlsx-reader';

const CHART = `/soundcharts/audience/chart/${BAD_GUY_UUID}`;
const TRACK = '{"name":"bad guy","credit_name":"Billie Eilish","uuid":"7d534228-5165-11e9-9375-549f35161576"}';

// Spotify's total restated a billion lower from 2025-07-22 on: 2,764,225,348 becomes 1,764,225,348,
// a fall of 999,476,047 from the day before (2,763,701,395).
async function restateSpotify(db: Database): Promise<void> {
  await db.execute(sql`update track_audience_time_series s set audience_value = audience_value - 1000000000
    from tracks t, platforms p
    where s.track_id = t.id and s.platform_id = p.id and t.uuid = ${BAD_GUY_UUID} and p.slug = 'spotify' and s.date >= '2025-07-22'`);
}

type JsonChart = { chart_data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } };

const backends: SeededAppOptions['backend'][] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('chart modes and exports over HTTP on %s', (backend) => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend, afterSeed: restateSpotify });
  });
  afterAll(async () => app?.close());

  const get = (pathAndQuery: string) => fetch(`${app.server.url}${pathAndQuery}`, { redirect: 'manual' });
  const json = async (pathAndQuery: string): Promise<JsonChart> => (await get(pathAndQuery)).json() as Promise<JsonChart>;

  it('answers the daily change with the drop as a null and a data event', async () => {
    const response = await get(`${CHART}/spotify/?start_date=2025-07-22&end_date=2025-07-23&mode=daily`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      `{"success":true,"track":${TRACK},"platform":{"name":"Spotify","slug":"spotify","metric_name":"Streams"},` +
        '"chart_data":{"labels":["2025-07-22","2025-07-23"],"datasets":[{"label":"bad guy on Spotify, daily change",' +
        '"data":[null,533702],"borderColor":"#3b82f6","backgroundColor":"rgba(59, 130, 246, 0.1)","tension":0.1}]},' +
        '"data_events":[{"type":"drop","date":"2025-07-22","platform":"spotify","change":-999476047}]}',
    );
  });

  it('answers mode=cumulative byte for byte as without a mode', async () => {
    const plain = await (await get(`${CHART}/?limit=10`)).text();
    expect(await (await get(`${CHART}/?limit=10&mode=cumulative`)).text()).toBe(plain);
    expect(plain).not.toContain('data_events');
  });

  it('keeps the labels of the cumulative reply in every mode, and says what each dataset holds', async () => {
    const cumulative = await json(`${CHART}/?platforms=spotify,apple_music&limit=40`);
    for (const [mode, words] of [['daily', 'daily change'], ['avg7', '7-day average of the daily change'], ['avg28', '28-day average of the daily change']]) {
      const derived = await json(`${CHART}/?platforms=spotify,apple_music&limit=40&mode=${mode}`);
      expect(derived.chart_data.labels).toEqual(cumulative.chart_data.labels);
      expect(derived.chart_data.datasets.map((dataset) => dataset.label)).toEqual([`bad guy on Spotify, ${words}`, `bad guy on Apple Music, ${words}`]);
    }
  });

  it('gives 7-day averages that match the cumulative totals computed independently', async () => {
    const totals = (await json(`${CHART}/youtube/?start_date=2025-06-01&end_date=2025-06-30`)).chart_data;
    const averages = (await json(`${CHART}/youtube/?start_date=2025-06-08&end_date=2025-06-30&mode=avg7`)).chart_data;
    const values = totals.datasets[0]?.data ?? [];
    averages.labels.forEach((label, index) => {
      const at = totals.labels.indexOf(label);
      expect(averages.datasets[0]?.data[index]).toBeCloseTo(((values[at] as number) - (values[at - 7] as number)) / 7, 6);
    });
  });

  it('exports the CSV of a reply: header, rows, attachment name', async () => {
    const response = await get(`${CHART}/spotify/?start_date=2025-07-21&end_date=2025-07-23&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bad-guy_spotify_2025-07-21_2025-07-23.csv"');
    expect(await response.text()).toBe('date,bad guy on Spotify\r\n2025-07-21,2763701395\r\n2025-07-22,1764225348\r\n2025-07-23,1764759050\r\n');
  });

  it('exports exactly the rows of the JSON reply with the same parameters, as CSV and as Excel', async () => {
    const query = 'platforms=spotify,apple_music,youtube&start_date=2025-06-15&end_date=2025-07-31&mode=daily';
    const reply = await json(`${CHART}/?${query}`);
    const csv = await get(`${CHART}/?${query}&format=csv`);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="bad-guy_spotify-apple-music-youtube_daily_2025-06-15_2025-07-31.csv"');
    const [header, ...lines] = (await csv.text()).split('\r\n').slice(0, -1);
    expect(header).toBe('date,"bad guy on Spotify, daily change","bad guy on Apple Music, daily change","bad guy on YouTube, daily change"');
    expect(lines.map((line) => line.split(','))).toEqual(
      reply.chart_data.labels.map((label, row) => [label, ...reply.chart_data.datasets.map((dataset) => (dataset.data[row] === null ? '' : String(dataset.data[row])))]),
    );

    const xlsx = await get(`${CHART}/?${query}&format=xlsx`);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="bad-guy_spotify-apple-music-youtube_daily_2025-06-15_2025-07-31.xlsx"');
    const sheet = readXlsx(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.rows[0]?.map((cell) => cell.text)).toEqual(['date', ...reply.chart_data.datasets.map((dataset) => dataset.label)]);
    const columns = ['B', 'C', 'D'];
    expect(
      sheet.rows.slice(1).map((row) => [
        excelSerialToIsoDate(Number(row[0]?.text)),
        ...columns.map((column) => {
          const cell = row.find((candidate) => candidate.ref.startsWith(column));
          return cell ? Number(cell.text) : null;
        }),
      ]),
    ).toEqual(reply.chart_data.labels.map((label, row) => [label, ...reply.chart_data.datasets.map((dataset) => dataset.data[row] ?? null)]));
  });

  it('exports a header alone when the window holds no data', async () => {
    const response = await get(`${CHART}/spotify/?start_date=2030-01-01&format=csv`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bad-guy_spotify_no-data.csv"');
    expect(await response.text()).toBe('date\r\n');
  });

  it('adds a total of platforms that count the same metric, to JSON and exports alike', async () => {
    const query = 'platforms=apple_music,deezer&start_date=2025-07-01&end_date=2025-07-23&aggregate=sum';
    const reply = await json(`${CHART}/?${query}`);
    const [apple, deezer, total] = reply.chart_data.datasets;
    expect(total?.label).toBe('bad guy on Apple Music + Deezer, total');
    expect(total?.data).toEqual(apple?.data.map((value, day) => (value === null || deezer?.data[day] === null ? null : value + (deezer?.data[day] as number))));
    const csv = await (await get(`${CHART}/?${query}&format=csv`)).text();
    expect(csv.split('\r\n')[0]).toBe('date,bad guy on Apple Music,bad guy on Deezer,"bad guy on Apple Music + Deezer, total"');
    const daily = await json(`${CHART}/?${query}&mode=daily`);
    expect(daily.chart_data.datasets[2]?.label).toBe('bad guy on Apple Music + Deezer, total, daily change');
  });

  it('adds a growth index: each platform 100 on the first day of the range, averaged', async () => {
    const reply = await json(`${CHART}/?platforms=spotify,youtube&start_date=2025-07-01&end_date=2025-07-23&aggregate=index`);
    const [spotify, youtube, index] = reply.chart_data.datasets;
    expect(index?.label).toBe('bad guy on Spotify + YouTube, growth index (100 = first day)');
    expect(index?.data[0]).toBe(100);
    const last = reply.chart_data.labels.length - 1;
    const base = (data: (number | null)[] | undefined): number => data?.[0] as number;
    const expected = (((spotify?.data[last] as number) / base(spotify?.data)) * 100 + ((youtube?.data[last] as number) / base(youtube?.data)) * 100) / 2;
    expect(index?.data[last]).toBeCloseTo(expected, 9);
  });

  it.each([
    [`${CHART}/?platforms=spotify,apple_music,deezer&aggregate=sum`, 'aggregate=sum adds only platforms that count the same metric; these count Streams (spotify), Listeners (apple_music, deezer)'],
    [`${CHART}/?aggregate=sum&format=csv`, 'aggregate=sum adds only platforms that count the same metric; these count Streams (spotify), Listeners (apple_music, deezer), Views (youtube), Shazams (shazam), Videos (tiktok)'],
    [`${CHART}/?aggregate=index&mode=daily`, 'aggregate=index indexes cumulative totals; it cannot be combined with mode=daily'],
    [`${CHART}/?aggregate=max`, 'Invalid query: aggregate: must be one of sum, index'],
  ])('refuses %s with a JSON 400', async (route, error) => {
    const response = await get(route);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, error });
  });

  it.each([
    [`${CHART}/spotify/?mode=weekly`, 400, 'Invalid query: mode: must be one of cumulative, daily, avg7, avg28'],
    [`${CHART}/?format=pdf`, 400, 'Invalid query: format: must be one of json, csv, xlsx'],
    [`${CHART}/?format=csv&format=xlsx`, 400, 'format: given 2 times; give it once'],
    [`${CHART}/spotify/?mode=daily&mode=avg7`, 400, 'mode: given 2 times; give it once'],
    ['/soundcharts/audience/chart/7d534228-5165-11e9-9375-000000000000/spotify/?format=csv', 404, 'Track 7d534228-5165-11e9-9375-000000000000 not found'],
    [`${CHART}/?platforms=spotify,myspace&format=xlsx&mode=avg28`, 404, "Platform 'myspace' not found"],
  ])('answers %s with a JSON %i', async (route, status, error) => {
    const response = await get(route);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ success: false, error });
  });
});

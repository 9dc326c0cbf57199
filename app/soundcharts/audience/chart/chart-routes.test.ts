import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { VERSIONED_SONG_UUID } from '@/lib/demo/versioned-song';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { startNextServer } from '@/test/next-server';
import { storeVersionedSong } from '@/test/versioned-song-store';
import type { RunningServer } from '@/scripts/server-process';

type Backend = { name: string; prepare: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> };

const END_DATE = '2026-01-31';

const backends: Backend[] = [
  {
    name: 'pglite',
    prepare: async () => {
      const dir = path.join(mkdtempSync(path.join(tmpdir(), 'audience-http-')), 'pglite');
      const handle = await openDatabase({ kind: 'pglite', dir });
      await seedDemoCatalogue(handle.db, { trackCount: 3, endDate: END_DATE });
      await storeVersionedSong(handle.db, END_DATE);
      await handle.close();
      return { env: { PGLITE_DIR: dir, DATABASE_URL: '' }, cleanup: async () => {} };
    },
  },
];
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  backends.push({
    name: 'postgres',
    prepare: async () => {
      const fresh = await createFreshPostgres(serverUrl);
      const handle = await openDatabase({ kind: 'postgres', url: fresh.url });
      await seedDemoCatalogue(handle.db, { trackCount: 3, endDate: END_DATE });
      await storeVersionedSong(handle.db, END_DATE);
      await handle.close();
      return { env: { DATABASE_URL: fresh.url }, cleanup: fresh.drop };
    },
  });
}

const CHART = `/soundcharts/audience/chart/${BAD_GUY_UUID}`;

describe.each(backends)('chart routes over HTTP on $name', ({ prepare }) => {
  let server: RunningServer;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const prepared = await prepare();
    cleanup = prepared.cleanup;
    server = await startNextServer({ ...prepared.env, CORS_ORIGINS: 'https://charts.example.com' });
  });
  afterAll(async () => {
    await server?.close();
    await cleanup?.();
  });

  const get = (pathAndQuery: string, init?: RequestInit) => fetch(`${server.url}${pathAndQuery}`, { redirect: 'manual', ...init });

  it.each([`${CHART}/spotify/`, `${CHART}/spotify`])('answers %s directly with the documented shape', async (route) => {
    const response = await get(`${route}?start_date=2025-07-21&end_date=2025-07-23`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.text()).toBe(
      '{"success":true,"track":{"name":"bad guy","credit_name":"Billie Eilish","uuid":"7d534228-5165-11e9-9375-549f35161576"},' +
        '"platform":{"name":"Spotify","slug":"spotify","metric_name":"Streams"},' +
        '"chart_data":{"labels":["2025-07-21","2025-07-22","2025-07-23"],"datasets":[{"label":"bad guy on Spotify",' +
        '"data":[2763701395,2764225348,2764759050],"borderColor":"#3b82f6","backgroundColor":"rgba(59, 130, 246, 0.1)","tension":0.1}]}}',
    );
  });

  it.each([`${CHART}/`, CHART])('compares platforms at %s with the documented shape', async (route) => {
    const response = await get(`${route}?platforms=spotify,apple_music&start_date=2025-07-21&end_date=2025-07-23`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      '{"success":true,"track":{"name":"bad guy","credit_name":"Billie Eilish","uuid":"7d534228-5165-11e9-9375-549f35161576"},' +
        '"platforms":[{"name":"Spotify","slug":"spotify","metric_name":"Streams"},{"name":"Apple Music","slug":"apple_music","metric_name":"Listeners"}],' +
        '"chart_data":{"labels":["2025-07-21","2025-07-22","2025-07-23"],"datasets":[' +
        '{"label":"bad guy on Spotify","data":[2763701395,2764225348,2764759050],"borderColor":"#3b82f6","backgroundColor":"rgba(59, 130, 246, 0.1)"},' +
        '{"label":"bad guy on Apple Music","data":[1500000,1550000,1600000],"borderColor":"#ef4444","backgroundColor":"rgba(239, 68, 68, 0.1)"}]}}',
    );
  });

  it.each([
    ['POST', `${CHART}/spotify/`, 'GET, OPTIONS'],
    ['DELETE', `${CHART}/`, 'GET, OPTIONS'],
    ['GET', `/soundcharts/audience/refresh/${BAD_GUY_UUID}/spotify/`, 'POST'],
    ['PUT', '/soundcharts/tracks/', 'POST'],
    ['POST', '/api/cron/ingest', 'GET'],
    ['PATCH', '/api/health', 'GET'],
  ])('answers %s %s with a JSON 405 naming the methods it serves', async (method, route, allow) => {
    const response = await get(route, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toEqual({ success: false, error: `Method ${method} is not allowed here; use ${allow}.` });
  });

  it('shows every platform with data when none is chosen, and limits to the most recent dates', async () => {
    const body = await (await get(`${CHART}/?limit=5`)).json();
    expect(body.platforms.map((platform: { slug: string }) => platform.slug)).toEqual([
      'spotify', 'apple_music', 'youtube', 'shazam', 'tiktok', 'deezer',
    ]);
    expect(body.chart_data.labels).toHaveLength(5);
    expect(body.chart_data.labels.at(-1)).toBe(END_DATE);
    for (const dataset of body.chart_data.datasets) expect(dataset.data).toHaveLength(5);
  });

  it.each([
    [`${CHART}/spotify/?start_date=2025-02-30`, 400, 'Invalid query: start_date: is not a real calendar date'],
    [`${CHART}/spotify/?start_date=2025-07-23&end_date=2025-07-21`, 400, 'Invalid query: start_date: start_date must not be after end_date'],
    [`${CHART}/spotify/?limit=0`, 400, 'Invalid query: limit: must be at least 1'],
    [`${CHART}/spotify/?limit=-3`, 400, 'Invalid query: limit: must be a positive integer no greater than 10000'],
    [`${CHART}/spotify/?limit=2.5`, 400, 'Invalid query: limit: must be a positive integer no greater than 10000'],
    [`${CHART}/spotify/?limit=10001`, 400, 'Invalid query: limit: must be at most 10000'],
    [`${CHART}/spotify/?limit=1&limit=2`, 400, 'limit: given 2 times; give it once'],
    [`${CHART}/?platforms=spotify,,x`, 400, 'Invalid query: platforms.1: must be a platform slug like spotify or apple_music'],
    ['/soundcharts/audience/chart/not-a-uuid/spotify/', 400, 'Invalid path: trackUuid: must be a uuid like 7d534228-5165-11e9-9375-549f35161576'],
    ['/soundcharts/audience/chart/7d534228-5165-11e9-9375-000000000000/', 404, 'Track 7d534228-5165-11e9-9375-000000000000 not found'],
    [`${CHART}/myspace/`, 404, "Platform 'myspace' not found"],
    [`${CHART}/?platforms=spotify,myspace`, 404, "Platform 'myspace' not found"],
  ])('answers %s with %i', async (route, status, error) => {
    const response = await get(route);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ success: false, error });
  });

  it('adds data_events after chart_data when the song has a version added in the dates shown', async () => {
    const response = await get(`/soundcharts/audience/chart/${VERSIONED_SONG_UUID}/spotify/?start_date=2025-05-31&end_date=2025-06-01`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Object.keys(JSON.parse(text))).toEqual(['success', 'track', 'platform', 'chart_data', 'data_events']);
    expect(text).toMatch(
      /,"data_events":\[\{"type":"version_added","date":"2025-06-01","platform":"spotify","identifier":"7kXNp4ymSkb0bWuP2DJRqd","value":12345678\}\]\}$/,
    );
    const before = await (await get(`/soundcharts/audience/chart/${VERSIONED_SONG_UUID}/spotify/?start_date=2025-05-30&end_date=2025-05-31`)).json();
    expect(Object.keys(before)).toEqual(['success', 'track', 'platform', 'chart_data']);
  });

  it('lists the provisional days of a lagging version in a comparison, and keeps the totals from dipping', async () => {
    const body = await (await get(`/soundcharts/audience/chart/${VERSIONED_SONG_UUID}/?platforms=tiktok,spotify&limit=3`)).json();
    expect(body.chart_data.labels).toEqual(['2026-01-29', '2026-01-30', '2026-01-31']);
    expect(body.data_events).toEqual([
      { type: 'provisional', date: '2026-01-30', platform: 'spotify' },
      { type: 'provisional', date: '2026-01-31', platform: 'spotify' },
    ]);
    const spotify: number[] = body.chart_data.datasets[1].data;
    expect(spotify[1]).toBeGreaterThan(spotify[0] ?? Infinity);
    expect(spotify[2]).toBeGreaterThan(spotify[1] ?? Infinity);
  });

  it('answers CORS preflight and GET for an allowed origin only', async () => {
    const preflight = await get(`${CHART}/spotify/`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://charts.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://charts.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    const allowed = await get(`${CHART}/spotify/?limit=1`, { headers: { Origin: 'https://charts.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://charts.example.com');
    const other = await get(`${CHART}/spotify/?limit=1`, { headers: { Origin: 'https://evil.example.com' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { tracks } from '@/db/schema';
import { compareTracks } from '@/lib/chart/compare-tracks';
import { getChartInMode, getComparisonInMode } from '@/lib/chart/derived-replies';
import { getInsights } from '@/lib/chart/insights';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { useRouteTestEnv } from '@/test/route-env';
import { GET as chart } from './chart/[trackUuid]/[platformSlug]/route';
import { GET as comparisonChart } from './chart/[trackUuid]/route';
import { GET as compare } from './compare/route';
import { GET as insights } from './insights/[trackUuid]/[platformSlug]/route';

// Spies on the functions that run each route's query: a 304 or a cache hit must not call them.
vi.mock('@/lib/chart/derived-replies', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/chart/derived-replies')>();
  return { ...original, getChartInMode: vi.fn(original.getChartInMode), getComparisonInMode: vi.fn(original.getComparisonInMode) };
});
vi.mock('@/lib/chart/compare-tracks', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/chart/compare-tracks')>();
  return { ...original, compareTracks: vi.fn(original.compareTracks) };
});
vi.mock('@/lib/chart/insights', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/chart/insights')>();
  return { ...original, getInsights: vi.fn(original.getInsights) };
});

const [badGuy, second] = demoCatalogue({ trackCount: 2 }).map((track) => track.uuid) as [string, string];
const UNKNOWN = '00000000-0000-1000-8000-000000000000';
const CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';

type Route = {
  name: string;
  path: string;
  call: (request: NextRequest) => Promise<Response>;
  query: () => unknown;
  /** Touches the data the reply is built from. */
  track: string;
};

const window = 'start_date=2025-07-01&end_date=2025-07-31';
const routes: Route[] = [
  {
    name: 'chart',
    path: `/soundcharts/audience/chart/${badGuy}/spotify/?${window}`,
    call: (request) => chart(request, { params: Promise.resolve({ trackUuid: badGuy, platformSlug: 'spotify' }) }),
    query: () => getChartInMode,
    track: badGuy,
  },
  {
    name: 'chart as CSV',
    path: `/soundcharts/audience/chart/${badGuy}/spotify/?${window}&format=csv`,
    call: (request) => chart(request, { params: Promise.resolve({ trackUuid: badGuy, platformSlug: 'spotify' }) }),
    query: () => getChartInMode,
    track: badGuy,
  },
  {
    name: 'platform comparison as Excel',
    path: `/soundcharts/audience/chart/${badGuy}/?${window}&platforms=spotify,youtube&format=xlsx`,
    call: (request) => comparisonChart(request, { params: Promise.resolve({ trackUuid: badGuy }) }),
    query: () => getComparisonInMode,
    track: badGuy,
  },
  {
    name: 'platform comparison',
    path: `/soundcharts/audience/chart/${badGuy}/?${window}&mode=daily`,
    call: (request) => comparisonChart(request, { params: Promise.resolve({ trackUuid: badGuy }) }),
    query: () => getComparisonInMode,
    track: badGuy,
  },
  {
    name: 'track comparison',
    path: `/soundcharts/audience/compare/?tracks=${badGuy},${second}&platform=spotify&${window}`,
    call: (request) => compare(request, { params: Promise.resolve({}) }),
    query: () => compareTracks,
    track: second,
  },
  {
    name: 'insights',
    path: `/soundcharts/audience/insights/${badGuy}/spotify/?as_of=2025-07-31`,
    call: (request) => insights(request, { params: Promise.resolve({ trackUuid: badGuy, platformSlug: 'spotify' }) }),
    query: () => getInsights,
    track: badGuy,
  },
];

describe('HTTP caching of the chart, compare and insights routes', () => {
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    cleanup = useRouteTestEnv('http://127.0.0.1:9', { CORS_ORIGINS: 'https://charts.example.com' });
    await seedDemoCatalogue(await getDb(), { trackCount: 2, endDate: '2025-08-31' });
  });
  afterAll(async () => {
    await cleanup?.();
  });
  beforeEach(() => {
    vi.clearAllMocks();
  });

  const get = (route: Route, headers: Record<string, string> = {}) => route.call(new NextRequest(`http://localhost${route.path}`, { headers }));
  const queries = (route: Route) => vi.mocked(route.query() as (...args: unknown[]) => unknown).mock.calls.length;
  const touch = async (uuid: string) => {
    const db = await getDb();
    const [track] = await db.select({ id: tracks.id }).from(tracks).where(eq(tracks.uuid, uuid));
    await db.transaction((tx) => recordAudienceChanges(tx, [{ trackId: (track as { id: number }).id }]));
  };

  it.each(routes)('$name: a strong ETag and shared caching; a repeat and a 304 run no query; a change makes a new ETag', async (route) => {
    const first = await get(route, { origin: 'https://charts.example.com' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe(CACHE_CONTROL);
    expect(first.headers.get('vary')).toBe('Origin');
    expect(first.headers.get('access-control-allow-origin')).toBe('https://charts.example.com');
    const body = new Uint8Array(await first.arrayBuffer());
    expect(body.byteLength).toBeGreaterThan(0);
    expect(queries(route)).toBe(1);

    const repeat = await get(route);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('etag')).toBe(etag);
    expect(repeat.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(repeat.headers.get('content-disposition')).toBe(first.headers.get('content-disposition'));
    expect(new Uint8Array(await repeat.arrayBuffer())).toEqual(body);

    const unchanged = await get(route, { 'if-none-match': `"other", ${etag}` });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(unchanged.headers.get('cache-control')).toBe(CACHE_CONTROL);
    expect(queries(route)).toBe(1);

    await touch(route.track);
    const changed = await get(route, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(queries(route)).toBe(2);
  });

  it('gives one ETag to requests that ask for the same reply, and another to a different one', async () => {
    const [route] = routes as [Route];
    const etagOf = async (path: string) => (await get({ ...route, path })).headers.get('etag');
    const base = `/soundcharts/audience/chart/${badGuy}/spotify/`;
    const etag = await etagOf(`${base}?start_date=2025-07-01&end_date=2025-07-31`);
    expect(await etagOf(`${base}?end_date=2025-07-31&start_date=2025-07-01&mode=cumulative&format=json`)).toBe(etag);
    expect(await etagOf(`${base}?start_date=2025-07-01&end_date=2025-07-30`)).not.toBe(etag);
    expect(await etagOf(`${base}?start_date=2025-07-01&end_date=2025-07-31&mode=daily`)).not.toBe(etag);
  });

  it('marks errors no-store so that no shared cache keeps them, and has no ETag on them', async () => {
    const [route] = routes as [Route];
    const unknown = await chart(new NextRequest(`http://localhost/soundcharts/audience/chart/${UNKNOWN}/spotify/`), {
      params: Promise.resolve({ trackUuid: UNKNOWN, platformSlug: 'spotify' }),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expect(unknown.headers.get('etag')).toBeNull();
    const invalid = await get({ ...route, path: `/soundcharts/audience/chart/${badGuy}/spotify/?mode=sideways` });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('cache-control')).toBe('no-store');
    const unknownPlatform = await chart(new NextRequest(`http://localhost/soundcharts/audience/chart/${badGuy}/myspace/`), {
      params: Promise.resolve({ trackUuid: badGuy, platformSlug: 'myspace' }),
    });
    expect(unknownPlatform.status).toBe(404);
    expect(unknownPlatform.headers.get('cache-control')).toBe('no-store');
    expect(unknownPlatform.headers.get('etag')).toBeNull();
  });
});

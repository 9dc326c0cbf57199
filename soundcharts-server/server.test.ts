import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { startSoundchartsServer } from './server';
import type { SoundchartsServer } from './server';

const TODAY = '2026-11-25';
const auth = { 'x-app-id': 'soundcharts', 'x-api-key': 'soundcharts' };
const [badGuy] = demoCatalogue({ trackCount: 0 });
if (!badGuy) throw new Error('the demo catalogue starts with bad guy');
const audiencePath = (platform: string, query = '') => `/api/v2/song/${BAD_GUY_UUID}/audience/${platform}${query}`;

type Json = Record<string, unknown> & {
  items: { date: string; plots: { identifier: string; value: number }[] }[];
  page: { offset: number; limit: number; next: string | null; previous: string | null; total: number };
  errors: { key: string; code: number; message: string }[];
};

describe('SoundCharts-compatible server', () => {
  let server: SoundchartsServer;
  const get = async (path: string, headers: Record<string, string> = auth) => {
    const response = await fetch(`${server.url}${path}`, { headers });
    return { response, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    server = await startSoundchartsServer({ today: TODAY, catalogue: demoCatalogue({ trackCount: 3 }), quota: 1000 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.setQuota(1000);
    server.setMaxPeriodDays(undefined);
  });

  it('refuses requests without the right credentials with the documented error body, unbilled', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-app-id': 'soundcharts' }, { 'x-app-id': 'soundcharts', 'x-api-key': 'wrong' }];
    for (const headers of attempts) {
      const { response, body } = await get(`/api/v2.25/song/${BAD_GUY_UUID}`, headers);
      expect(response.status).toBe(401);
      expect(body.errors[0]).toMatchObject({ key: expect.any(String), code: 401, message: expect.stringContaining('x-api-key') });
      expect(response.headers.get('x-quota-remaining')).toBe('1000');
    }
  });

  it('serves song metadata in the v2.25 shape and 404 for an unknown song', async () => {
    const { response, body } = await get(`/api/v2.25/song/${BAD_GUY_UUID}`);
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      type: 'song',
      object: {
        uuid: BAD_GUY_UUID,
        name: 'bad guy',
        creditName: 'Billie Eilish',
        isrc: { value: 'USUM71900764', countryCode: 'US' },
        releaseDate: '2019-03-29T00:00:00+00:00',
        imageUrl: `${server.url}/images/${BAD_GUY_UUID}.svg`,
        artists: [{ name: 'Billie Eilish' }],
      },
      errors: [],
    });
    const cover = await fetch(`${server.url}/images/${BAD_GUY_UUID}.svg`);
    expect(cover.headers.get('content-type')).toBe('image/svg+xml');
    expect(await cover.text()).toMatch(/^<svg[\s\S]*bad guy[\s\S]*<\/svg>$/);

    const missing = await get('/api/v2.25/song/00000000-0000-1000-8000-000000000000');
    expect(missing.response.status).toBe(404);
    expect(missing.body.errors[0]?.code).toBe(404);
  });

  it('answers a period newest first, dates at midnight UTC, with related and page', async () => {
    const { response, body } = await get(audiencePath('spotify', '?startDate=2025-07-20&endDate=2025-07-23'));
    expect(response.status).toBe(200);
    expect(body.related).toEqual({ uuid: BAD_GUY_UUID, name: 'bad guy', creditName: 'Billie Eilish' });
    expect(body.items.map((item) => item.date)).toEqual([
      '2025-07-23T00:00:00+00:00',
      '2025-07-22T00:00:00+00:00',
      '2025-07-21T00:00:00+00:00',
      '2025-07-20T00:00:00+00:00',
    ]);
    expect(body.items.slice(0, 3).map((item) => item.plots[0]?.value)).toEqual([2_764_759_050, 2_764_225_348, 2_763_701_395]);
    expect(body.page).toEqual({ offset: 0, limit: 100, next: null, previous: null, total: 4 });
  });

  it('defaults to the 30 days before endDate, and endDate to today', async () => {
    const { body } = await get(audiencePath('spotify'));
    const expected = demoSeries(badGuy, 'spotify', TODAY).filter((point) => point.date >= '2026-10-26');
    expect(body.items[0]?.date.slice(0, 10)).toBe(TODAY);
    expect(body.page.total).toBe(expected.length);
    expect(body.items.at(-1)?.date.slice(0, 10)).toBe(expected[0]?.date);
  });

  it('dates items at local midnight with an offset that varies by era, the day always the first 10 characters', async () => {
    const { body } = await get(audiencePath('spotify', '?startDate=2025-12-30&endDate=2026-07-02&limit=100'));
    const all = [...body.items];
    for (let next = body.page.next; next; ) {
      const page: { body: Json } = await get(next);
      all.push(...page.body.items);
      next = page.body.page.next;
    }
    const byDay = new Map(all.map((item) => [item.date.slice(0, 10), item.date]));
    expect(byDay.get('2025-12-31')).toBe('2025-12-31T00:00:00+00:00');
    expect(byDay.get('2026-01-15')).toBe('2026-01-15T00:00:00+01:00');
    expect(byDay.get('2026-07-01')).toBe('2026-07-01T00:00:00+02:00');
    const days = demoSeries(badGuy, 'spotify', TODAY).filter((point) => point.date >= '2025-12-30' && point.date <= '2026-07-02');
    expect([...byDay.keys()].sort()).toEqual(days.map((point) => point.date));
  });

  it('answers a period of any length, as SoundCharts has since 2025-11-14, and can refuse long ones as older deployments did', async () => {
    const year = await get(audiencePath('spotify', '?startDate=2025-11-26&endDate=2026-11-25'));
    expect(year.response.status).toBe(200);
    expect(year.body.page.total).toBe(demoSeries(badGuy, 'spotify', TODAY).filter((point) => point.date >= '2025-11-26').length);

    server.setMaxPeriodDays(90);
    expect((await get(audiencePath('spotify', '?startDate=2025-01-01&endDate=2025-03-31'))).response.status).toBe(200);
    const tooLong = await get(audiencePath('spotify', '?startDate=2025-01-01&endDate=2025-04-01'));
    expect(tooLong.response.status).toBe(400);
    expect(tooLong.body.errors[0]).toMatchObject({ key: 'period.too_long', code: 400, message: expect.stringContaining('longer than 90 days') });
  });

  it('rejects a reversed period, a bad date, limit over 100 and unknown platform codes with 400', async () => {
    const cases = [
      [audiencePath('spotify', '?startDate=2025-02-01&endDate=2025-01-01'), 400],
      [audiencePath('spotify', '?startDate=2025-02-30'), 400],
      [audiencePath('spotify', '?limit=101'), 400],
      [audiencePath('spotify', '?offset=-1'), 400],
      [audiencePath('apple_music'), 400],
      [audiencePath('myspace'), 400],
    ] as const;
    for (const [path, status] of cases) {
      const { response, body } = await get(path);
      expect([path, response.status]).toEqual([path, status]);
      if (status === 400) expect(body.errors[0]?.message).toMatch(/period|limit|offset|startDate|platform/i);
    }
  });

  it('paginates by offset and limit with a relative next link that walks the whole period', async () => {
    const dates: string[] = [];
    let path: string | null = audiencePath('spotify', '?startDate=2025-06-01&endDate=2025-08-29&limit=40');
    let pages = 0;
    while (path) {
      const { body }: { body: Json } = await get(path);
      dates.push(...body.items.map((item) => item.date));
      expect(body.page.limit).toBe(40);
      path = body.page.next;
      if (path) expect(path).toMatch(/^\/api\/v2\/song\/.+offset=\d+&limit=40$/);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('splits a multi-identifier series across plots whose sum is the series value, in varying order', async () => {
    const { body } = await get(audiencePath('tiktok', '?startDate=2025-07-01&endDate=2025-07-10'));
    const series = new Map(demoSeries(badGuy, 'tiktok', TODAY).map((point) => [point.date, point.value]));
    const firstIdentifiers = new Set<string>();
    for (const item of body.items) {
      expect(item.plots).toHaveLength(2);
      expect(item.plots.reduce((sum, plot) => sum + plot.value, 0)).toBe(series.get(item.date.slice(0, 10)));
      firstIdentifiers.add(item.plots[0]?.identifier ?? '');
    }
    expect(firstIdentifiers.size).toBe(2);
  });

  it('lists platform codes, paginated', async () => {
    const { body } = await get('/api/v2/referential/platforms?limit=10');
    expect(body.items).toHaveLength(10);
    expect(body.items).toContainEqual({ code: 'spotify', name: 'Spotify' });
    expect(body.page).toMatchObject({ total: 17, next: '/api/v2/referential/platforms?offset=10&limit=10' });
    const rest = await get(body.page.next ?? '');
    expect(rest.body.items).toHaveLength(7);
    expect(rest.body.items).toContainEqual({ code: 'line-music', name: 'Line Music' });
    expect(rest.body.page.next).toBeNull();
  });

  it('decrements x-quota-remaining per billed call, not for server failures, and answers 429 once exhausted', async () => {
    server.setQuota(3);
    const quotaAfter = async (path: string) => (await get(path)).response.headers.get('x-quota-remaining');
    expect(await quotaAfter(`/api/v2.25/song/${BAD_GUY_UUID}`)).toBe('2');
    server.faults.add({ kind: 'status', status: 500 });
    expect(await quotaAfter(`/api/v2.25/song/${BAD_GUY_UUID}`)).toBe('2');
    expect(await quotaAfter(audiencePath('spotify'))).toBe('1');
    expect(await quotaAfter(audiencePath('spotify'))).toBe('0');
    const { response, body } = await get(audiencePath('spotify'));
    expect(response.status).toBe(429);
    expect(response.headers.get('x-quota-remaining')).toBe('0');
    expect(body.errors[0]?.message).toMatch(/quota/i);
    expect(body.errors[0]?.message).not.toMatch(/maximum request count|month/i);
  });

  it('reports the quota on GET /api/v2/team/usage, unbilled, even when it is exhausted', async () => {
    server.setQuota(2);
    for (const expected of [2, 2]) {
      const usage = await fetch(`${server.url}/api/v2/team/usage`, { headers: auth });
      expect(usage.status).toBe(200);
      expect(usage.headers.get('x-quota-remaining')).toBe(String(expected));
      expect(await usage.json()).toMatchObject({ object: { quota: { remaining: expected } }, errors: [] });
    }
    server.setQuota(0);
    const exhausted = await fetch(`${server.url}/api/v2/team/usage`, { headers: auth });
    expect(exhausted.status).toBe(200);
    expect(exhausted.headers.get('x-quota-remaining')).toBe('0');
    expect((await fetch(`${server.url}/api/v2/team/usage`)).status).toBe(401);
  });

  it('answers the per-minute rate limit with its own 429: "maximum request count" and x-ratelimit-reset, unbilled', async () => {
    server.faults.add({ kind: 'rate_limit', resetSeconds: 17 });
    const { response, body } = await get(audiencePath('spotify'));
    expect(response.status).toBe(429);
    expect(response.headers.get('x-ratelimit-reset')).toBe('17');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('x-quota-remaining')).toBe('1000');
    expect(body.errors[0]?.message).toMatch(/maximum request count/);

    const limited = await startSoundchartsServer({ today: TODAY, catalogue: demoCatalogue({ trackCount: 0 }), ratePerMinute: 2 });
    try {
      const statuses: number[] = [];
      let answered = 0;
      let reset: string | null = null;
      // Three requests in one clock minute; a minute that turns between them starts a new count, so retry once.
      for (let attempt = 0; attempt < 2 && !statuses.includes(429); attempt += 1) {
        statuses.length = 0;
        for (let i = 0; i < 3; i += 1) {
          const answer = await fetch(`${limited.url}${audiencePath('spotify')}`, { headers: auth });
          statuses.push(answer.status);
          if (answer.ok) answered += 1;
          reset = answer.headers.get('x-ratelimit-reset') ?? reset;
        }
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(reset)).toBeGreaterThanOrEqual(1);
      expect(Number(reset)).toBeLessThanOrEqual(60);
      expect(limited.quota()).toBe(100_000 - answered);
    } finally {
      await limited.close();
    }
  });

  it('can serve a series whose cumulative total drops, as when SoundCharts switches a track id', async () => {
    const dropping = await startSoundchartsServer({
      today: TODAY,
      catalogue: demoCatalogue({ trackCount: 0 }),
      drops: [{ trackUuid: BAD_GUY_UUID, platformSlug: 'spotify', from: '2026-10-01', factor: 0.5 }],
    });
    try {
      const answer = await fetch(`${dropping.url}${audiencePath('spotify', '?startDate=2026-09-20&endDate=2026-10-10')}`, { headers: auth });
      const { items } = (await answer.json()) as Json;
      const values = new Map(items.map((item) => [item.date.slice(0, 10), item.plots[0]?.value ?? 0]));
      const original = new Map(demoSeries(badGuy, 'spotify', TODAY).map((point) => [point.date, point.value]));
      for (const [day, value] of values) {
        expect(value, day).toBe(day < '2026-10-01' ? original.get(day) : Math.round((original.get(day) ?? 0) * 0.5));
      }
      const ordered = [...values.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, value]) => value);
      expect(ordered.some((value, index) => index > 0 && value < (ordered[index - 1] ?? 0))).toBe(true);
    } finally {
      await dropping.close();
    }
  });

  it('applies faults to matching paths for the number of requests asked, then behaves', async () => {
    server.faults.add({ kind: 'status', status: 429, retryAfter: '7', path: '/audience/', times: 2 });
    const song = await get(`/api/v2.25/song/${BAD_GUY_UUID}`);
    expect(song.response.status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const { response } = await get(audiencePath('spotify'));
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
    }
    expect((await get(audiencePath('spotify'))).response.status).toBe(200);
    expect(server.faults.pending()).toEqual([]);
  });

  it('can send malformed JSON, a cut-off body and a wrong field type on one page', async () => {
    server.faults.add({ kind: 'malformed_json' });
    const malformed = await fetch(`${server.url}${audiencePath('spotify')}`, { headers: auth });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(SyntaxError);

    server.faults.add({ kind: 'truncated_body' });
    const cut = await fetch(`${server.url}${audiencePath('spotify')}`, { headers: auth });
    await expect(cut.text()).rejects.toThrow();

    server.faults.add({ kind: 'wrong_type', page: 2 });
    const first = await get(audiencePath('spotify', '?limit=10'));
    expect(typeof first.body.items[0]?.plots[0]?.value).toBe('number');
    const second = await get(first.body.page.next ?? '');
    expect(typeof second.body.items[0]?.plots[0]?.value).toBe('string');
  });

  it('answers slowly when told to', async () => {
    server.faults.add({ kind: 'delay', ms: 300 });
    const started = performance.now();
    const { response } = await get(`/api/v2.25/song/${BAD_GUY_UUID}`);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});

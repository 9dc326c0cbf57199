import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSoundchartsServer } from '@/soundcharts-server/server';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { addDays, daysBetween } from '@/lib/dates';
import { BAD_GUY_UUID, demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { audienceWindows, parseRetryAfter, SoundchartsClient, SoundchartsError } from './client';
import type { SoundchartsConfig } from './client';

const TODAY = '2026-11-25';
const UNKNOWN_UUID = '00000000-0000-1000-8000-000000000000';
const USAGE_PATH = '/api/v2/team/usage';
const [badGuy] = demoCatalogue({ trackCount: 0 });
if (!badGuy) throw new Error('the demo catalogue starts with bad guy');

async function failure(promise: Promise<unknown>): Promise<SoundchartsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SoundchartsError)) throw new Error(`expected a SoundchartsError, got ${String(error)}`);
  return error;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('SoundchartsClient against the SoundCharts-compatible server', () => {
  let server: SoundchartsServer;
  const client = (overrides: Partial<SoundchartsConfig> = {}) =>
    new SoundchartsClient({
      baseUrl: server.url,
      appId: 'soundcharts',
      apiKey: 'soundcharts',
      timeoutMs: 2000,
      quotaFloor: 0,
      baseDelayMs: 5,
      ...overrides,
    });
  const audienceRequests = () => server.requests.matching('/audience/');
  /** Every call but the usage endpoint's, which SoundCharts does not bill. */
  const calls = () => server.requests.entries.filter((entry) => entry.path !== USAGE_PATH);
  const usageCalls = () => server.requests.matching(USAGE_PATH);
  const expectedSeries = (slug: string, startDate: string, endDate: string) =>
    demoSeries(badGuy, slug, TODAY).filter((point) => point.date >= startDate && point.date <= endDate);

  beforeAll(async () => {
    server = await startSoundchartsServer({ today: TODAY, catalogue: demoCatalogue({ trackCount: 3 }) });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.requests.clear();
    server.setQuota(100_000);
    server.setMaxPeriodDays(undefined);
  });

  /** A fetch that goes to the shipped server but changes what an independent implementation might do differently. */
  const rewriting =
    (change: { quota?: string; page?: (page: Record<string, unknown>) => Record<string, unknown>; stripPrefix?: string }): typeof fetch =>
    async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (change.stripPrefix) {
        if (!url.pathname.startsWith(change.stripPrefix)) return new Response('{"errors":[{"message":"no such path"}]}', { status: 404 });
        url.pathname = url.pathname.slice(change.stripPrefix.length);
      }
      const response = await fetch(url, init);
      const headers = new Headers(response.headers);
      if (change.quota !== undefined) headers.set('x-quota-remaining', change.quota);
      let body = await response.text();
      if (change.page && response.ok && url.pathname.includes('/audience/')) {
        const json = JSON.parse(body) as { page: Record<string, unknown> };
        body = JSON.stringify({ ...json, page: change.page(json.page) });
      }
      headers.delete('content-length');
      return new Response(body, { status: response.status, headers });
    };

  describe('song metadata', () => {
    it('returns the song with its day of release and cover', async () => {
      const sc = client();
      expect(await sc.getSong(BAD_GUY_UUID)).toEqual({
        uuid: BAD_GUY_UUID,
        name: 'bad guy',
        creditName: 'Billie Eilish',
        isrc: 'USUM71900764',
        releaseDate: '2019-03-29',
        imageUrl: `${server.url}/images/${BAD_GUY_UUID}.svg`,
      });
      expect(sc.quotaRemaining).toBe(99_999);
    });

    it('reports an unknown song as not found, without retrying', async () => {
      const error = await failure(client().getSong(UNKNOWN_UUID));
      expect(error).toMatchObject({ kind: 'not_found', code: 'not_found', status: 404, message: `Song ${UNKNOWN_UUID} not found on SoundCharts` });
      expect(calls()).toHaveLength(1);
    });

    it('reports refused credentials as unauthorized, without retrying', async () => {
      const error = await failure(client({ apiKey: 'wrong' }).getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'unauthorized', code: 'upstream_unavailable', status: 401 });
      expect(calls()).toHaveLength(1);
    });

    it('reports an endpoint outside the plan (403) without retrying', async () => {
      server.faults.add({ kind: 'status', status: 403, times: Infinity });
      const error = await failure(client().getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'not_in_plan', code: 'upstream_unavailable', status: 403 });
      expect(calls()).toHaveLength(1);
    });

    it('rejects a malformed uuid before spending a call', async () => {
      const error = await failure(client().getSong('bad guy'));
      expect(error).toMatchObject({ kind: 'bad_request', code: 'invalid_input' });
      expect(calls()).toHaveLength(0);
    });
  });

  describe('retries', () => {
    it('retries the rate limit\'s 429 and 500 answers, then succeeds', async () => {
      server.faults.add({ kind: 'rate_limit', resetSeconds: 0, times: 2 }, { kind: 'status', status: 500, times: 2 });
      expect((await client().getSong(BAD_GUY_UUID)).name).toBe('bad guy');
      expect(calls().map((entry) => entry.status)).toEqual([429, 429, 500, 500, 200]);
    });

    it('gives up after maxRetries with an upstream failure carrying the status', async () => {
      server.faults.add({ kind: 'status', status: 503, times: Infinity });
      const error = await failure(client({ maxRetries: 2 }).getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'upstream_failure', code: 'upstream_unavailable', status: 503 });
      expect(error.message).toContain('HTTP 503');
      expect(calls()).toHaveLength(3);
    });

    it('waits out the rate limit for x-ratelimit-reset seconds, then retries', async () => {
      server.faults.add({ kind: 'rate_limit', resetSeconds: 1 });
      const { value, ms } = await timed(() => client().getSong(BAD_GUY_UUID));
      expect(value.uuid).toBe(BAD_GUY_UUID);
      expect(ms).toBeGreaterThanOrEqual(990);
      expect(calls().map((entry) => entry.status)).toEqual([429, 200]);
    });

    it('honours Retry-After in seconds over x-ratelimit-reset', async () => {
      server.faults.add({ kind: 'rate_limit', resetSeconds: 120, retryAfter: '1' });
      const { value, ms } = await timed(() => client().getSong(BAD_GUY_UUID));
      expect(value.uuid).toBe(BAD_GUY_UUID);
      expect(ms).toBeGreaterThanOrEqual(990);
      expect(calls()).toHaveLength(2);
    });

    it('honours Retry-After as an HTTP date', async () => {
      server.faults.add({ kind: 'status', status: 503, retryAfter: new Date(Date.now() + 2000).toUTCString() });
      const { ms } = await timed(() => client().getSong(BAD_GUY_UUID));
      // An HTTP date has whole seconds: the wait is between one and two seconds.
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(calls()).toHaveLength(2);
    });

    it('fails as rate limited at once when the rate limit resets later than it will wait', async () => {
      server.faults.add({ kind: 'rate_limit', resetSeconds: 120 });
      const error = await failure(client({ maxRetryAfterMs: 5000 }).getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'rate_limited', code: 'rate_limited', status: 429, retryAfterSeconds: 120 });
      expect(calls()).toHaveLength(1);
    });

    it('fails as rate limited with a Retry-After when 429s persist', async () => {
      server.faults.add({ kind: 'rate_limit', resetSeconds: 0, times: Infinity });
      const error = await failure(client({ maxRetries: 3 }).getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: expect.any(Number) });
      expect(calls()).toHaveLength(4);
    });

    it('times out a slow answer, and retries it', async () => {
      server.faults.add({ kind: 'delay', ms: 5_000 });
      const { value, ms } = await timed(() => client({ timeoutMs: 200 }).getSong(BAD_GUY_UUID));
      expect(value.name).toBe('bad guy');
      expect(ms).toBeGreaterThanOrEqual(190);
      expect(ms).toBeLessThan(5_000);

      server.faults.add({ kind: 'delay', ms: 1000, times: Infinity });
      const error = await failure(client({ timeoutMs: 100, maxRetries: 1 }).getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'timeout', code: 'upstream_timeout' });
      expect(error.message).toContain('100 ms');
    });

    it('retries a cut-off body, and fails as an upstream failure when it keeps happening', async () => {
      server.faults.add({ kind: 'truncated_body' });
      expect((await client().getSong(BAD_GUY_UUID)).name).toBe('bad guy');
      expect(calls()).toHaveLength(2);

      server.requests.clear();
      server.faults.add({ kind: 'truncated_body', times: Infinity });
      const error = await failure(client({ maxRetries: 2 }).getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'upstream_failure', status: undefined });
      expect(calls()).toHaveLength(3);
    });

    it('neither retries nor splits a 400 about the platform code, and quotes what SoundCharts said', async () => {
      const period = { startDate: '2025-01-01', endDate: '2025-12-31' };
      const error = await failure(client().getSongAudience(BAD_GUY_UUID, 'myspace', period));
      expect(error).toMatchObject({ kind: 'rejected', code: 'upstream_rejected', status: 400 });
      expect(error.message).toContain('"myspace"');
      expect(error.message).toContain('2025-01-01');
      expect(error.message).toContain('Invalid platform code');
      expect(calls()).toHaveLength(1);
    });
  });

  describe('invalid responses', () => {
    it('treats a body that is not JSON as an invalid response', async () => {
      server.faults.add({ kind: 'malformed_json' });
      const error = await failure(client().getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'invalid_response', code: 'upstream_invalid', status: undefined });
      expect(error.message).toMatch(/not JSON/);
    });

    it('fails the whole fetch, naming the field, when page 2 has a wrong type', async () => {
      server.faults.add({ kind: 'wrong_type', page: 2, item: 3 });
      const sc = client({ pageSize: 30 });
      const error = await failure(sc.getSongAudience(BAD_GUY_UUID, 'spotify', { startDate: '2025-05-01', endDate: '2025-07-29' }));
      expect(error).toMatchObject({ kind: 'invalid_response', code: 'upstream_invalid' });
      expect(error.message).toContain('items.3.plots.0.value');
      expect(error.message).toMatch(/expected number/);
      expect(audienceRequests().map((entry) => entry.query.get('offset'))).toEqual(['0', '30']);
    });
  });

  describe('quota', () => {
    it('reads the quota from the free usage endpoint when nothing is known, once, then from every answer', async () => {
      server.setQuota(500);
      const sc = client();
      await sc.getSong(BAD_GUY_UUID);
      await sc.getSong(BAD_GUY_UUID);
      expect(server.requests.entries.map((entry) => [entry.path === USAGE_PATH ? 'usage' : 'song', entry.billed])).toEqual([
        ['usage', false],
        ['song', true],
        ['song', true],
      ]);
      expect(sc.quotaRemaining).toBe(498);
      expect(server.quota()).toBe(498);
    });

    it('spends nothing when the usage endpoint says the quota is exhausted', async () => {
      server.setQuota(0);
      const error = await failure(client().getSongAudience(BAD_GUY_UUID, 'spotify', { startDate: '2025-01-01', endDate: '2025-12-31' }));
      expect(error).toMatchObject({ kind: 'quota_exhausted', code: 'quota_exhausted' });
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(calls()).toHaveLength(0);
      expect(usageCalls()).toHaveLength(1);
    });

    it('stops spending at the configured floor, before calling, and does not ask again before the recheck interval', async () => {
      server.setQuota(12);
      const sc = client({ quotaFloor: 10 });
      await sc.getSong(BAD_GUY_UUID);
      await sc.getSong(BAD_GUY_UUID);
      expect(sc.quotaRemaining).toBe(10);
      for (let i = 0; i < 2; i += 1) {
        const error = await failure(sc.getSong(BAD_GUY_UUID));
        expect(error).toMatchObject({ kind: 'quota_exhausted', code: 'quota_exhausted' });
        expect(error.message).toContain('10 calls left in the current term, floor 10');
        // Asked again when the default recheck interval (10 minutes) has passed, not at a month's turn.
        expect(error.retryAfterSeconds).toBeGreaterThan(590);
        expect(error.retryAfterSeconds).toBeLessThanOrEqual(600);
      }
      expect(calls()).toHaveLength(2);
      expect(usageCalls()).toHaveLength(1);
    });

    it('asks the free usage endpoint again after the recheck interval, and spends again once the term has reset', async () => {
      server.setQuota(10);
      const sc = client({ quotaFloor: 10, quotaRecheckMs: 0 });
      await expect(sc.getSong(BAD_GUY_UUID)).rejects.toMatchObject({ kind: 'quota_exhausted' });
      await expect(sc.getSong(BAD_GUY_UUID)).rejects.toMatchObject({ kind: 'quota_exhausted' });
      expect(calls()).toHaveLength(0);
      server.setQuota(50_000);
      expect((await sc.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
      expect(sc.quotaRemaining).toBe(49_999);
      expect(calls()).toHaveLength(1);
      expect(server.quota()).toBe(49_999);
    });

    it('ignores an empty or non-numeric x-quota-remaining instead of reading it as zero', async () => {
      for (const value of ['', 'n/a']) {
        const sc = client({ quotaFloor: 10, fetch: rewriting({ quota: value }) });
        await sc.getSong(BAD_GUY_UUID);
        expect(sc.quotaRemaining).toBeUndefined();
        expect((await sc.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
      }
    });

    it('tells the quota\'s 429 from the rate limit\'s: not retried, and nothing more is spent', async () => {
      const readings: number[] = [];
      const sc = client({ quota: { remaining: 5, observedAt: new Date() }, onQuota: (reading) => void readings.push(reading.remaining) });
      server.setQuota(0);
      const error = await failure(sc.getSong(BAD_GUY_UUID));
      expect(error).toMatchObject({ kind: 'quota_exhausted', status: 429 });
      expect(error.message).toMatch(/quota exhausted for the current term/);
      expect(error.message).not.toMatch(/month/);
      expect(sc.quotaRemaining).toBe(0);
      expect(readings.at(-1)).toBe(0);
      server.setQuota(100);
      await expect(sc.getSong(BAD_GUY_UUID)).rejects.toMatchObject({ kind: 'quota_exhausted' });
      expect(calls()).toHaveLength(1);
      expect(usageCalls()).toHaveLength(0);
    });
  });

  describe('audience series', () => {
    it('asks for a whole year at once and follows its pages of 100: 4 calls, every day once, oldest first', async () => {
      const period = { startDate: '2025-01-01', endDate: '2025-12-31' };
      const items = await client().getSongAudience(BAD_GUY_UUID, 'spotify', period);

      const expected = expectedSeries('spotify', period.startDate, period.endDate);
      expect(expected.length).toBeGreaterThan(300);
      const requests = audienceRequests();
      expect(requests).toHaveLength(4);
      expect(requests.map((entry) => [entry.query.get('startDate'), entry.query.get('endDate'), entry.query.get('offset'), entry.query.get('limit')])).toEqual(
        ['0', '100', '200', '300'].map((offset) => [period.startDate, period.endDate, offset, '100']),
      );
      expect(items.map((item) => ({ date: item.date, value: item.plots[0]?.value }))).toEqual(expected);
    });

    it('splits into 90-day windows only when SoundCharts refuses the period, and asks for the next period whole again', async () => {
      server.setMaxPeriodDays(90);
      const period = { startDate: '2025-01-01', endDate: '2025-12-31' };
      const sc = client();
      for (let round = 0; round < 2; round += 1) {
        server.requests.clear();
        const items = await sc.getSongAudience(BAD_GUY_UUID, 'spotify', period);
        expect(items.map((item) => ({ date: item.date, value: item.plots[0]?.value }))).toEqual(expectedSeries('spotify', period.startDate, period.endDate));
        const [refused, ...windows] = audienceRequests();
        expect(refused).toMatchObject({ status: 400 });
        expect([refused?.query.get('startDate'), refused?.query.get('endDate')]).toEqual([period.startDate, period.endDate]);
        expect(windows).toHaveLength(5);
        windows.forEach((window, index) => {
          const [start, end] = [window.query.get('startDate') ?? '', window.query.get('endDate') ?? ''];
          expect(window.status).toBe(200);
          expect(daysBetween(start, end) + 1).toBeLessThanOrEqual(90);
          if (index > 0) expect(daysBetween(windows[index - 1]?.query.get('endDate') ?? '', start)).toBe(1);
        });
        expect(windows.at(-1)?.query.get('endDate')).toBe(period.endDate);
      }
    });

    it('takes the day from dates at local midnight with any offset, never shifting it to UTC', async () => {
      const period = { startDate: '2026-06-01', endDate: '2026-07-10' };
      const items = await client().getSongAudience(BAD_GUY_UUID, 'spotify', period);
      expect(items.map((item) => item.date)).toEqual(expectedSeries('spotify', period.startDate, period.endDate).map((point) => point.date));
      expect(items.every((item) => (item.raw as { date: string }).date === `${item.date}T00:00:00+02:00`)).toBe(true);
    });

    it('follows page.next when a window holds more items than a page', async () => {
      const period = { startDate: '2025-05-01', endDate: '2025-07-29' };
      const items = await client({ pageSize: 30 }).getSongAudience(BAD_GUY_UUID, 'spotify', period);
      const expected = expectedSeries('spotify', period.startDate, period.endDate);
      expect(items.map((item) => item.date)).toEqual(expected.map((point) => point.date));
      const requests = audienceRequests();
      expect(requests).toHaveLength(Math.ceil(expected.length / 30));
      expect(requests.map((entry) => entry.query.get('offset'))).toEqual(requests.map((_, index) => String(index * 30)));
      expect(requests.every((entry) => entry.query.get('limit') === '30')).toBe(true);
    });

    it.each([
      ['a query-only link', (next: string) => next.slice(next.indexOf('?'))],
      ['a link relative to the current path', (next: string) => next.slice(next.lastIndexOf('/') + 1)],
      ['an absolute link to the same server', (next: string) => `${server.url}${next}`],
    ])('follows page.next given as %s', async (_name, form) => {
      const period = { startDate: '2025-05-01', endDate: '2025-07-29' };
      const sc = client({
        pageSize: 30,
        fetch: rewriting({ page: (page) => ({ ...page, next: typeof page.next === 'string' ? form(page.next) : page.next }) }),
      });
      const items = await sc.getSongAudience(BAD_GUY_UUID, 'spotify', period);
      expect(items.map((item) => item.date)).toEqual(expectedSeries('spotify', period.startDate, period.endDate).map((point) => point.date));
      expect(audienceRequests().map((entry) => entry.query.get('offset'))).toEqual(['0', '30', '60']);
    });

    it('refuses a page.next that leads to another server, before calling it', async () => {
      const sc = client({ pageSize: 30, fetch: rewriting({ page: (page) => ({ ...page, next: 'https://elsewhere.example.com/api/next' }) }) });
      const error = await failure(sc.getSongAudience(BAD_GUY_UUID, 'spotify', { startDate: '2025-05-01', endDate: '2025-07-29' }));
      expect(error).toMatchObject({ kind: 'invalid_response' });
      expect(error.message).toContain('page.next leaves');
      expect(audienceRequests()).toHaveLength(1);
    });

    it('takes next: null as the last page when no total says otherwise, without spending a call', async () => {
      const sc = client({ pageSize: 30, fetch: rewriting({ page: ({ total: _total, ...page }) => ({ ...page, next: null }) }) });
      const items = await sc.getSongAudience(BAD_GUY_UUID, 'spotify', { startDate: '2025-05-01', endDate: '2025-07-29' });
      expect(items).toHaveLength(30);
      expect(audienceRequests()).toHaveLength(1);
    });

    it('pages by offset when the reply has no link at all, until a page comes back short', async () => {
      const period = { startDate: '2025-05-01', endDate: '2025-07-29' };
      const sc = client({ pageSize: 30, fetch: rewriting({ page: ({ next: _next, total: _total, ...page }) => page }) });
      const items = await sc.getSongAudience(BAD_GUY_UUID, 'spotify', period);
      expect(items.map((item) => item.date)).toEqual(expectedSeries('spotify', period.startDate, period.endDate).map((point) => point.date));
    });

    it('keeps the path prefix of a base URL behind a proxy, for first pages and links alike', async () => {
      const period = { startDate: '2025-05-01', endDate: '2025-07-29' };
      const sc = client({ baseUrl: `${server.url}/proxy/sc/`, pageSize: 30, fetch: rewriting({ stripPrefix: '/proxy/sc' }) });
      expect((await sc.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
      const items = await sc.getSongAudience(BAD_GUY_UUID, 'spotify', period);
      expect(items.map((item) => item.date)).toEqual(expectedSeries('spotify', period.startDate, period.endDate).map((point) => point.date));
      expect(audienceRequests().map((entry) => entry.query.get('offset'))).toEqual(['0', '30', '60']);
    });

    it('needs a single call for 90 days at the default page size', async () => {
      await client().getSongAudience(BAD_GUY_UUID, 'spotify', { startDate: '2025-05-01', endDate: '2025-07-29' });
      expect(audienceRequests()).toHaveLength(1);
    });

    it('keeps several plots per date and the raw item as received', async () => {
      const period = { startDate: '2025-07-01', endDate: '2025-07-10' };
      const items = await client().getSongAudience(BAD_GUY_UUID, 'tiktok', period);
      const expected = expectedSeries('tiktok', period.startDate, period.endDate);
      expect(items.map((item) => item.date)).toEqual(expected.map((point) => point.date));
      items.forEach((item, index) => {
        expect(item.plots).toHaveLength(2);
        expect(item.plots.reduce((sum, plot) => sum + plot.value, 0)).toBe(expected[index]?.value);
        expect(item.raw).toEqual({ date: `${item.date}T00:00:00+00:00`, plots: item.plots });
      });
    });

    it('returns nothing for a song without a series on the platform', async () => {
      const items = await client().getSongAudience(BAD_GUY_UUID, 'line-music', { startDate: '2025-07-01', endDate: '2025-07-10' });
      expect(items).toEqual([]);
    });

    it('rejects a reversed period or an impossible date before calling', async () => {
      const sc = client();
      for (const period of [
        { startDate: '2025-07-10', endDate: '2025-07-01' },
        { startDate: '2025-02-30', endDate: '2025-03-10' },
      ]) {
        expect(await failure(sc.getSongAudience(BAD_GUY_UUID, 'spotify', period))).toMatchObject({ kind: 'bad_request' });
      }
      expect(await failure(sc.getSongAudience(BAD_GUY_UUID, 'apple_music', { startDate: '2025-07-01', endDate: '2025-07-02' }))).toMatchObject({
        kind: 'bad_request',
      });
      expect(calls()).toHaveLength(0);
    });

    it('reports an unknown song as not found', async () => {
      const error = await failure(client().getSongAudience(UNKNOWN_UUID, 'spotify', { startDate: '2025-07-01', endDate: '2025-07-10' }));
      expect(error).toMatchObject({ kind: 'not_found', message: `Song ${UNKNOWN_UUID} not found on SoundCharts` });
    });
  });
});

/**
 * Another reading of the documented page object: links that leave out the period, or no link and no
 * total at all. A small HTTP server serving 250 days newest first, 100 per page, in the given style.
 */
async function startPagingVariant(style: 'link-without-period' | 'no-link-no-total'): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const days = Array.from({ length: 250 }, (_, index) => addDays('2025-01-01', 249 - index));
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.includes('/audience/')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"errors":[{"message":"Not found."}]}');
      return;
    }
    paths.push(`${url.pathname}${url.search}`);
    const start = url.searchParams.get('startDate');
    const end = url.searchParams.get('endDate');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const inPeriod = days.filter((day) => start !== null && end !== null && day >= start && day <= end);
    const items = inPeriod.slice(offset, offset + limit).map((day, index) => ({
      date: `${day}T00:00:00+00:00`,
      plots: [{ identifier: 'abc', value: 1_000_000 + daysBetween('2025-01-01', day) * 10 }],
    }));
    const page =
      style === 'link-without-period'
        ? { offset, limit, total: inPeriod.length, next: offset + limit < inPeriod.length ? `${url.pathname}?offset=${offset + limit}&limit=${limit}` : null }
        : {};
    response.writeHead(200, { 'content-type': 'application/json', 'x-quota-remaining': '1000' });
    response.end(JSON.stringify({ items, page, errors: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, paths, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(['link-without-period', 'no-link-no-total'] as const)('SoundchartsClient paging, %s', (style) => {
  it('returns every day of the period once, oldest first, and never asks outside it', async () => {
    const variant = await startPagingVariant(style);
    try {
      const client = new SoundchartsClient({ baseUrl: variant.url, appId: 'a', apiKey: 'k', timeoutMs: 2000, quotaFloor: 0, baseDelayMs: 5 });
      const items = await client.getSongAudience(BAD_GUY_UUID, 'spotify', { startDate: '2025-01-01', endDate: '2025-09-07' });
      expect(items.map((item) => item.date)).toEqual(Array.from({ length: 250 }, (_, index) => addDays('2025-01-01', index)));
      expect(items.map((item) => item.plots[0]?.value)).toEqual(Array.from({ length: 250 }, (_, index) => 1_000_000 + index * 10));
      for (const path of variant.paths) {
        const query = new URL(path, variant.url).searchParams;
        expect(query.get('startDate'), path).not.toBeNull();
        expect(query.get('endDate'), path).not.toBeNull();
      }
    } finally {
      await variant.close();
    }
  });
});

describe('audienceWindows', () => {
  it('covers the period with consecutive windows of at most 90 days', () => {
    expect(audienceWindows({ startDate: '2025-01-01', endDate: '2025-01-01' })).toEqual([{ startDate: '2025-01-01', endDate: '2025-01-01' }]);
    expect(audienceWindows({ startDate: '2025-01-01', endDate: '2025-03-31' })).toHaveLength(1);
    expect(audienceWindows({ startDate: '2025-01-01', endDate: '2025-04-01' })).toEqual([
      { startDate: '2025-01-01', endDate: '2025-03-31' },
      { startDate: '2025-04-01', endDate: '2025-04-01' },
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

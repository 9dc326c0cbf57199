import { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { soundchartsCallSlots } from '@/db/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { ADMIN_TOKEN, bearer, useRouteTestEnv } from '@/test/route-env';
import { addDays } from '@/lib/dates';
import { audienceRequests, billedCalls, startTestSoundcharts } from '@/test/soundcharts';
import { POST as importTrack } from '../../../../tracks/route';
import { POST as refresh } from './route';

type Params = { trackUuid: string; platformSlug: string };

async function call(params: Params, init: { headers?: Record<string, string>; body?: string } = {}) {
  const url = `http://localhost/soundcharts/audience/refresh/${params.trackUuid}/${params.platformSlug}/`;
  const request = new NextRequest(url, { method: 'POST', headers: init.headers, body: init.body });
  const response = await refresh(request, { params: Promise.resolve(params) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

const admin = bearer(ADMIN_TOKEN);
const badGuy = { trackUuid: BAD_GUY_UUID, platformSlug: 'spotify' };

describe('POST /soundcharts/audience/refresh/{track_uuid}/{platform_slug}/', () => {
  let server: SoundchartsServer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    server = await startTestSoundcharts({ catalogue: demoCatalogue({ trackCount: 2 }) });
    cleanup = useRouteTestEnv(server.url);
    const added = await importTrack(
      new NextRequest('http://localhost/soundcharts/tracks/', { method: 'POST', headers: admin, body: JSON.stringify({ uuid: BAD_GUY_UUID }) }),
      { params: Promise.resolve({}) },
    );
    expect(added.status).toBe(201);
  });
  afterAll(async () => {
    await cleanup?.();
    await server?.close();
  });
  beforeEach(() => {
    server.faults.clear();
    server.requests.clear();
    server.setQuota(1_000_000);
    server.setDocumentedPlatformsOnly(false);
  });

  it('says clearly that SoundCharts has no audience series for a platform when it refuses the code', async () => {
    server.setDocumentedPlatformsOnly(true);
    const { response, body } = await call({ trackUuid: BAD_GUY_UUID, platformSlug: 'apple_music' }, { headers: admin });
    expect(response.status).toBe(422);
    expect(body.success).toBe(false);
    expect(body.error).toMatch(/^SoundCharts rejected the request for audience of song 7d534228-5165-11e9-9375-549f35161576 on platform "apple-music" from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, page 1 \(HTTP 400\): "Invalid platform code "apple-music""$/);
    expect(audienceRequests(server)).toHaveLength(1);
  });

  it('refuses a missing, wrong or almost-right token with 401 before looking at anything else', async () => {
    const attempts: Record<string, string>[] = [
      {},
      bearer('wrong'),
      bearer(`${ADMIN_TOKEN}x`),
      bearer(ADMIN_TOKEN.slice(0, -1)),
      { authorization: `Basic ${ADMIN_TOKEN}` },
      { authorization: ADMIN_TOKEN },
    ];
    for (const headers of attempts) {
      const { response, body } = await call({ trackUuid: 'not-a-uuid', platformSlug: 'spotify' }, { headers });
      expect(response.status).toBe(401);
      expect(body).toEqual({ success: false, error: expect.any(String) });
    }
    expect(audienceRequests(server)).toHaveLength(0);
  });

  it('backfills on the first refresh, then refreshes from the last stored day; the whole history only when asked', async () => {
    const json = { ...admin, 'content-type': 'application/json' };
    const { response, body } = await call(badGuy, { headers: admin });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      status: 'succeeded',
      track_uuid: BAD_GUY_UUID,
      platform_slug: 'spotify',
      records_created: expect.any(Number),
      records_updated: 0,
      records_skipped: 0,
      window: { start_date: expect.any(String), end_date: expect.any(String) },
    });
    expect(body.records_created).toBeGreaterThan(300);
    expect(billedCalls(server)).toBe(4);
    const window = body.window as { start_date: string; end_date: string };

    // Forced by default, yet incremental: one call, from the last stored day minus the overlap.
    server.requests.clear();
    const again = await call(badGuy, { headers: admin });
    expect(again.body).toMatchObject({ status: 'succeeded', records_created: 0, records_updated: 0 });
    expect(billedCalls(server)).toBe(1);
    const [incremental] = audienceRequests(server);
    expect(incremental?.endDate).toBe(window.end_date);
    expect(incremental?.startDate).toBe(addDays(window.end_date, -7));

    // The whole history again, on explicit request only.
    server.requests.clear();
    const full = await call(badGuy, { headers: json, body: '{"full_history": true}' });
    expect(full.body).toMatchObject({ status: 'succeeded', records_created: 0, records_skipped: body.records_created, window });
    expect(billedCalls(server)).toBe(4);

    server.requests.clear();
    const unforced = await call(badGuy, { headers: json, body: '{"force_refresh": false}' });
    expect(unforced.body).toMatchObject({ success: true, status: 'skipped', skip_reason: 'fresh' });
    expect(billedCalls(server)).toBe(0);
  });

  it('answers 404 for an unknown track or platform, and 400 for a malformed path or body', async () => {
    const unknownTrack = await call({ trackUuid: '00000000-1111-1222-8333-444444444444', platformSlug: 'spotify' }, { headers: admin });
    expect(unknownTrack.response.status).toBe(404);
    expect(unknownTrack.body.error).toMatch(/Track 00000000-1111-1222-8333-444444444444 not found/);
    const unknownPlatform = await call({ ...badGuy, platformSlug: 'myspace' }, { headers: admin });
    expect(unknownPlatform.response.status).toBe(404);
    expect(unknownPlatform.body.error).toBe("Platform 'myspace' not found");

    const badPath = await call({ trackUuid: 'nope', platformSlug: 'Spotify!' }, { headers: admin });
    expect(badPath.response.status).toBe(400);
    expect(badPath.body.error).toMatch(/trackUuid: must be a uuid.*platformSlug/);

    const bodies: [string, RegExp][] = [
      ['{"force_refresh": "yes"}', /force_refresh/],
      ['{"force_refresh": true, "extra": 1}', /extra/],
      ['{"full_history": "yes"}', /full_history/],
      ['{"full_history": true, "force_refresh": false}', /full_history.*cannot be combined with force_refresh: false/],
      ['{not json', /not valid JSON/],
      ['[]', /body/],
    ];
    for (const [text, message] of bodies) {
      const { response, body } = await call(badGuy, { headers: admin, body: text });
      expect(response.status, text).toBe(400);
      expect(body.error).toMatch(message);
    }
    const huge = await call(badGuy, { headers: admin, body: JSON.stringify({ force_refresh: true, pad: 'x'.repeat(5_000) }) });
    expect(huge.response.status).toBe(413);
    expect(audienceRequests(server)).toHaveLength(0);
  });

  it('maps SoundCharts failures: 502 when it fails, 504 when it is too slow, 429 with Retry-After when limited or out of quota', async () => {
    server.faults.add({ kind: 'status', status: 403, path: '/audience/' });
    const refused = await call(badGuy, { headers: admin });
    expect(refused.response.status).toBe(502);
    expect(refused.body).toEqual({ success: false, error: expect.stringContaining('plan does not include') });

    server.faults.add({ kind: 'delay', ms: 2_000, path: '/audience/', times: Number.POSITIVE_INFINITY });
    const slow = await call(badGuy, { headers: admin });
    expect(slow.response.status).toBe(504);
    expect(slow.body.error).toMatch(/did not answer within 300 ms/);
    server.faults.clear();

    server.faults.add({ kind: 'rate_limit', resetSeconds: 120, path: '/audience/' });
    const limited = await call(badGuy, { headers: admin });
    expect(limited.response.status).toBe(429);
    expect(limited.response.headers.get('retry-after')).toBe('120');
    expect(limited.body.error).toMatch(/rate limit/);

    // Every process waits the pause out: another refresh is refused at once, with nothing sent.
    server.faults.clear();
    server.requests.clear();
    const paused = await call(badGuy, { headers: admin });
    expect(paused.response.status).toBe(429);
    expect(Number(paused.response.headers.get('retry-after'))).toBeGreaterThan(100);
    expect(server.requests.entries).toHaveLength(0);
    // As two minutes later: the pause is over.
    await (await getDb()).delete(soundchartsCallSlots);

    server.setQuota(0);
    const exhausted = await call(badGuy, { headers: admin });
    expect(exhausted.response.status).toBe(429);
    expect(Number(exhausted.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(exhausted.body.error).toMatch(/quota exhausted/i);
    expect(audienceRequests(server).at(-1)).toMatchObject({ status: 429 });

    // Nothing more is spent, even after SoundCharts has quota again, until it says so on its free usage endpoint.
    server.setQuota(1_000_000);
    server.requests.clear();
    const stopped = await call(badGuy, { headers: admin });
    expect(stopped.response.status).toBe(429);
    expect(server.requests.entries).toHaveLength(0);
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { soundchartsEnv, startTestSoundcharts } from '@/test/soundcharts';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { databaseFingerprint, finalFingerprint, liveFingerprint } from './database-fingerprint';
import type { DatabaseFingerprint } from './database-fingerprint';
import { almostRightAuthorizations, hostileBody, hostileQuery, hostileSegment, malformedEncoding } from './hostile-arbitraries';
import type { HostileBody } from './hostile-arbitraries';
import { checkJsonReply, expectNoLeak } from './hostile-reply';
import { rawRequest } from './raw-http';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'hostile-input-admin-token-4f9a2c';
const CRON_SECRET = 'hostile-input-cron-secret-8d1e7b';
const TRACK_COUNT = 3;
const SEEDED_UUIDS = demoCatalogue({ trackCount: TRACK_COUNT }).map((track) => track.uuid);
const KNOWN_SLUGS = ['spotify', 'apple_music', 'youtube'];
const RUNS = Number(process.env.HOSTILE_RUNS ?? 150);

describe('hostile input against every route of the production build', () => {
  let app: SeededApp;
  let soundcharts: SoundchartsServer;
  let before: DatabaseFingerprint;

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    app = await startSeededApp({
      backend: defaultBackend(),
      trackCount: TRACK_COUNT,
      env: {
        ADMIN_TOKEN,
        CRON_SECRET,
        ...soundchartsEnv(soundcharts),
      },
      afterSeed: async (db) => {
        before = await databaseFingerprint(db);
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  const send = async (method: string, path: string, init: { headers?: Record<string, string>; body?: HostileBody } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body?.contentType) headers['content-type'] = init.body.contentType;
    return rawRequest(app.server.url, { method, path, headers, body: init.body?.body });
  };

  it('chart routes answer every path and query with a 200 or a 4xx that says what was wrong', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileSegment([BAD_GUY_UUID, ...SEEDED_UUIDS]),
        fc.option(hostileSegment(KNOWN_SLUGS), { nil: undefined }),
        fc.boolean(),
        hostileQuery,
        async (track, platform, slash, query) => {
          const path = `/soundcharts/audience/chart/${track}${platform === undefined ? '' : `/${platform}`}${slash ? '/' : ''}${query}`;
          const reply = await send('GET', path);
          checkJsonReply(reply, `GET ${path.slice(0, 200)}`, path);
          if (reply.status === 200) {
            const body = JSON.parse(reply.body) as { chart_data: { labels: string[]; datasets: Array<{ data: unknown[] }> } };
            for (const dataset of body.chart_data.datasets) expect(dataset.data).toHaveLength(body.chart_data.labels.length);
          }
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('the compare and insights routes answer every query with a 200 or a 4xx that says what was wrong', async () => {
    const trackLists = fc.oneof(
      fc.subarray([BAD_GUY_UUID, ...SEEDED_UUIDS, '7d534228-5165-11e9-9375-000000000000']).map((uuids) => uuids.join(',')),
      fc.constantFrom(`${BAD_GUY_UUID},${BAD_GUY_UUID}`, `${BAD_GUY_UUID},,x`, ',', Array.from({ length: 12 }, () => BAD_GUY_UUID).join(',')),
      fc.string({ maxLength: 60 }),
    );
    const extra = fc.array(
      fc.tuple(
        fc.constantFrom('platform', 'align', 'mode', 'format', 'limit', 'start_date', 'as_of', 'horizon'),
        fc.constantFrom('spotify', 'myspace', 'release', 'calendar', 'daily', 'avg28', 'csv', 'json', '0', '181', '30', '2025-07-21', '2025-02-30', ''),
      ),
      { maxLength: 5 },
    );
    await fc.assert(
      fc.asyncProperty(trackLists, extra, hostileSegment(KNOWN_SLUGS), hostileQuery, async (tracks, pairs, platform, query) => {
        const compare = `/soundcharts/audience/compare/?tracks=${encodeURIComponent(tracks)}&${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
        const compareReply = await send('GET', compare);
        if (compareReply.status === 200 && !String(compareReply.headers['content-type']).includes('json')) {
          expect(String(compareReply.headers['content-disposition'])).toMatch(/^attachment; filename="[a-z0-9_.-]+"$/);
        } else {
          checkJsonReply(compareReply, `GET ${compare.slice(0, 200)}`, compare);
        }
        const insights = `/soundcharts/audience/insights/${BAD_GUY_UUID}/${platform}/${query}`;
        checkJsonReply(await send('GET', insights), `GET ${insights.slice(0, 200)}`, insights);
      }),
      { numRuns: RUNS },
    );
  });

  it('refresh refuses every hostile call without touching the database', async () => {
    const authorizations = [...almostRightAuthorizations(ADMIN_TOKEN), `Bearer ${ADMIN_TOKEN}`];
    await fc.assert(
      fc.asyncProperty(
        hostileSegment(['11111111-2222-1333-8444-555555555555', ...SEEDED_UUIDS]),
        hostileSegment(KNOWN_SLUGS),
        fc.constantFrom(...authorizations),
        hostileBody,
        hostileQuery,
        async (track, platform, authorization, body, query) => {
          const rightCall =
            authorization === `Bearer ${ADMIN_TOKEN}` &&
            SEEDED_UUIDS.includes(track.toLowerCase()) &&
            KNOWN_SLUGS.includes(platform) &&
            /^\s*(\{\s*\}|\{\s*"force_refresh"\s*:\s*(true|false)\s*\})?\s*$/.test(body.body);
          fc.pre(!rightCall);
          const path = `/soundcharts/audience/refresh/${track}/${platform}/${query}`;
          const reply = await send('POST', path, { headers: authorization ? { authorization } : {}, body });
          checkJsonReply(reply, `POST ${path.slice(0, 200)} (${authorization.slice(0, 20)}) ${body.body.slice(0, 100)}`, path);
          expect(reply.status).not.toBe(200);
          expect(reply.body).not.toContain(ADMIN_TOKEN);
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('add-track refuses every hostile call without touching the database', async () => {
    const authorizations = [...almostRightAuthorizations(ADMIN_TOKEN), `Bearer ${ADMIN_TOKEN}`];
    const bodies = fc.oneof(
      hostileBody,
      hostileSegment().map((uuid) => ({ body: JSON.stringify({ uuid: decodeSafely(uuid) }), contentType: 'application/json' })),
      fc.uuid().map((uuid) => ({ body: JSON.stringify({ uuid }), contentType: 'application/json' })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...authorizations), bodies, fc.boolean(), async (authorization, body, slash) => {
        // The admin adding a track the database holds (in any letter case) rightly refreshes its metadata.
        fc.pre(!(authorization === `Bearer ${ADMIN_TOKEN}` && namesSeededTrack(body.body)));
        const path = slash ? '/soundcharts/tracks/' : '/soundcharts/tracks';
        const reply = await send('POST', path, { headers: authorization ? { authorization } : {}, body });
        checkJsonReply(reply, `POST ${path} (${authorization.slice(0, 20)}) ${body.body.slice(0, 100)}`, path);
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.body).not.toContain(ADMIN_TOKEN);
      }),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('the cron route refuses every call without the secret, whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...almostRightAuthorizations(CRON_SECRET), `Bearer ${ADMIN_TOKEN}`),
        hostileQuery,
        fc.constantFrom('GET', 'POST', 'HEAD'),
        async (authorization, query, method) => {
          const reply = await send(method, `/api/cron/ingest${query}`, { headers: authorization ? { authorization } : {} });
          if (method === 'HEAD') expect([401, 405]).toContain(reply.status);
          else checkJsonReply(reply, `${method} /api/cron/ingest${query} (${authorization.slice(0, 20)})`, `/api/cron/ingest${query}`);
          expect(reply.status).toBeGreaterThanOrEqual(400);
          expect(reply.body).not.toContain(CRON_SECRET);
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('every API path whose percent-encoding is not UTF-8 answers a JSON 400, wherever the bad segment is', async () => {
    const routes: Array<(bad: string) => [string, string]> = [
      (bad: string) => ['GET', `/soundcharts/audience/chart/${bad}/spotify/`],
      (bad: string) => ['GET', `/soundcharts/audience/chart/${BAD_GUY_UUID}/${bad}/`],
      (bad: string) => ['GET', `/soundcharts/audience/chart/${bad}`],
      (bad: string) => ['POST', `/soundcharts/audience/refresh/${bad}/spotify/`],
      (bad: string) => ['POST', `/soundcharts/audience/refresh/${BAD_GUY_UUID}/${bad}`],
      (bad: string) => ['POST', `/soundcharts/tracks/${bad}`],
      (bad: string) => ['GET', `/soundcharts/${bad}`],
      (bad: string) => ['GET', `/api/cron/ingest/${bad}`],
      (bad: string) => ['GET', `/api/health/${bad}`],
      (bad: string) => ['DELETE', `/api/${bad}`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), malformedEncoding, hostileQuery, async (route, bad, query) => {
        const [method, path] = route(bad);
        const reply = await send(method, `${path}${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        const context = `${method} ${path}${query} -> ${reply.status} ${reply.body.slice(0, 200)}`;
        expect(reply.status, context).toBe(400);
        expect(String(reply.headers['content-type']), context).toContain('application/json');
        expect(JSON.parse(reply.body), context).toEqual({ success: false, error: 'The URL path is not valid percent-encoded UTF-8.' });
      }),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('every page path whose percent-encoding is not UTF-8 answers the HTML 404 page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/tracks/', '/tracks/x/', '/', '/sign-in/', '/tracks/7d534228-5165-11e9-9375-549f35161576/'),
        malformedEncoding,
        fc.constantFrom('', '/', '?range=all'),
        fc.constantFrom<Record<string, string>>({}, { 'next-router-prefetch': '1' }, { purpose: 'prefetch' }, { rsc: '1' }),
        async (prefix, bad, tail, headers) => {
          const path = `${prefix}${bad}${tail}`;
          const reply = await send('GET', path, { headers });
          const context = `GET ${path} ${JSON.stringify(headers)} -> ${reply.status} ${reply.body.slice(0, 200)}`;
          expect(reply.status, context).toBe(404);
          // A router request (RSC) gets the same page as the payload the router renders.
          if (headers.rsc) return;
          expect(String(reply.headers['content-type']), context).toContain('text/html');
          expect(reply.body, context).toContain('<h1>Not found</h1>');
          expect(String(reply.headers['content-security-policy']), context).toMatch(/script-src 'self' 'nonce-/);
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('a 10 KB path with an empty segment gets the same-site 308 of Next.js, whose headers name it twice', async () => {
    const path = `/soundcharts/audience/chart///${'a'.repeat(10_240)}`;
    const reply = await send('GET', path);
    expect(reply.status).toBe(308);
    expect(reply.headers.location).toBe(`/soundcharts/audience/chart/${'a'.repeat(10_240)}`);
    checkJsonReply(reply, 'GET chart///a*10240', path);
  });

  it('unknown routes and methods under the API answer a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.constantFrom('/soundcharts/', '/soundcharts/audience/', '/soundcharts/audience/chart/', '/soundcharts/audience/refresh/', '/api/', '/api/cron/'),
        fc.array(hostileSegment(), { maxLength: 4 }),
        async (method, prefix, segments) => {
          const path = `${prefix}${segments.join('/')}`;
          const reply = await send(method, path);
          expect(reply.status, `${method} ${path.slice(0, 200)} -> ${reply.status}`).toBeLessThan(500);
          expectNoLeak(reply.body, `${method} ${path.slice(0, 200)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  async function expectDatabaseUnchanged(): Promise<void> {
    const now = await liveFingerprint(app);
    if (now) expect(now).toEqual(before);
  }

  it('left the database as seeded (checked with the app stopped on PGlite)', async () => {
    expect(await finalFingerprint(app)).toEqual(before);
  });
});

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function namesSeededTrack(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || !('uuid' in parsed) || typeof parsed.uuid !== 'string') return false;
    return SEEDED_UUIDS.includes(parsed.uuid.toLowerCase());
  } catch {
    return false;
  }
}

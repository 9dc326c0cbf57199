import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { soundchartsEnv, startTestSoundcharts } from '@/test/soundcharts';
import { accessTable } from './access-table';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';
import { actionNamed, actionResult, encodeActionCall, postAction, serverActions, signInCookie } from './server-actions';
import type { ServerAction } from './server-actions';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'rate-limits-admin-token-2e8f0a61';
const WINDOW_SECONDS = 86_400;
const PER_TRACK = 2;
const REFRESH_PER_ADMIN = 7;
const ADD_TRACK_PER_ADMIN = 6;
const catalogue = demoCatalogue();
const TRACK_COUNT = 4;
const [trackA, trackB, , trackD] = catalogue.slice(0, TRACK_COUNT).map((track) => ({ uuid: track.uuid, platform: track.platforms[0] ?? 'spotify' }));
// The seed holds the README's example track and TRACK_COUNT more.
const unseeded = catalogue.slice(TRACK_COUNT + 1).map((track) => track.uuid);

type Outcome = { ok: boolean; message: string };

/**
 * One app with low limits; routes and actions share the counts (one admin), and a refused call
 * counts too, so the steps below run in order and each says where the counts stand.
 */
describe('refresh and add-track rate limits on the production build', () => {
  let app: SeededApp;
  let soundcharts: SoundchartsServer;
  let actions: ServerAction[];
  let cookie: string;

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    app = await startSeededApp({
      backend: defaultBackend(),
      trackCount: TRACK_COUNT,
      env: {
        ADMIN_TOKEN,
        SESSION_SECRET: '',
        ...soundchartsEnv(soundcharts),
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        RATE_LIMIT_REFRESH_PER_TRACK: String(PER_TRACK),
        RATE_LIMIT_REFRESH_PER_ADMIN: String(REFRESH_PER_ADMIN),
        RATE_LIMIT_ADD_TRACK_PER_TRACK: String(PER_TRACK),
        RATE_LIMIT_ADD_TRACK_PER_ADMIN: String(ADD_TRACK_PER_ADMIN),
      },
    });
    actions = serverActions(trackA?.uuid ?? '');
    cookie = await signInCookie(app.server.url, actions, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  it('the README names exactly these as rate limited', () => {
    const limited = accessTable()
      .filter((row) => row.rateLimit !== undefined)
      .map((row) => `${row.target} ${row.rateLimit}`);
    expect(limited.sort()).toEqual(
      [
        '/soundcharts/audience/refresh/{track_uuid}/{platform_slug}/ refresh',
        '/soundcharts/tracks/ add track',
        'addTrack add track',
        'refreshPlatform refresh',
        'refreshAllPlatforms refresh',
        'refreshFullHistory refresh',
        'rerunIngest refresh',
        'updatePlatform admin edit',
        'removeTrack admin edit',
      ].sort(),
    );
  });

  const refreshRoute = (track: { uuid: string; platform: string }): Promise<RawReply> =>
    rawRequest(app.server.url, {
      method: 'POST',
      path: `/soundcharts/audience/refresh/${track.uuid}/${track.platform}/`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
  const addTrackRoute = (uuid: string): Promise<RawReply> =>
    rawRequest(app.server.url, {
      method: 'POST',
      path: '/soundcharts/tracks/',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uuid }),
    });
  const action = async (name: string, fields: Record<string, string>): Promise<Outcome> => {
    const found = actionNamed(actions, name);
    const reply = await postAction(app.server.url, found.id, found.pages[0] ?? '/', await encodeActionCall(fields, '$undefined'), cookie);
    expect(reply.status, reply.body.slice(0, 200)).toBe(200);
    return actionResult(reply.body) as Outcome;
  };
  const soundchartsCalls = (): number => soundcharts.requests.matching('/api/').length;

  function expect429(reply: RawReply, limit: RegExp): void {
    const context = `${reply.status} ${reply.body.slice(0, 300)}`;
    expect(reply.status, context).toBe(429);
    const retryAfter = Number(reply.headers['retry-after']);
    expect(Number.isInteger(retryAfter), context).toBe(true);
    expect(retryAfter, context).toBeGreaterThanOrEqual(1);
    expect(retryAfter, context).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(JSON.parse(reply.body), context).toEqual({ success: false, error: expect.stringMatching(limit) });
  }

  function expectRefused(outcome: Outcome, limit: RegExp): void {
    expect(outcome.ok, outcome.message).toBe(false);
    expect(outcome.message).toMatch(limit);
    expect(outcome.message).toMatch(/try again in \d+ s/i);
  }

  it('refresh: 429 with Retry-After past the per-track limit, then per admin, across the route and both actions, before SoundCharts is called', async () => {
    if (!trackA || !trackB || !trackD) throw new Error('fixture missing');
    // Route, track A: two refreshes pass, the third is over the per-track limit (admin count 3).
    for (let call = 0; call < PER_TRACK; call += 1) expect((await refreshRoute(trackA)).status).toBe(200);
    let calls = soundchartsCalls();
    expect429(await refreshRoute(trackA), new RegExp(`Too many refreshes of track ${trackA.uuid}: at most ${PER_TRACK} per 24 hours`));
    expect(soundchartsCalls()).toBe(calls);

    // Action refreshPlatform, track B: the same per-track limit (admin count 6).
    for (let call = 0; call < PER_TRACK; call += 1) expect((await action('refreshPlatform', { trackUuid: trackB.uuid, platform: trackB.platform })).ok).toBe(true);
    calls = soundchartsCalls();
    expectRefused(await action('refreshPlatform', { trackUuid: trackB.uuid, platform: trackB.platform }), new RegExp(`Too many refreshes of track ${trackB.uuid}`));
    // "Refresh all" on track A, already over its limit: refused, and counted once per platform.
    expectRefused(await action('refreshAllPlatforms', { trackUuid: trackA.uuid }), new RegExp(`Too many refreshes (of track ${trackA.uuid}|by this admin)`));
    // The whole-history re-fetch spends from the same counters.
    expectRefused(await action('refreshFullHistory', { trackUuid: trackA.uuid }), new RegExp(`Too many refreshes (of track ${trackA.uuid}|by this admin)`));
    expect(soundchartsCalls()).toBe(calls);

    // Track D was never refreshed, but this admin is over the per-admin limit now.
    expect429(await refreshRoute(trackD), new RegExp(`Too many refreshes by this admin: at most ${REFRESH_PER_ADMIN} per 24 hours`));
    expectRefused(await action('refreshPlatform', { trackUuid: trackD.uuid, platform: trackD.platform }), /Too many refreshes by this admin/);
    expect(soundchartsCalls()).toBe(calls);
  });

  it('add track: 429 with Retry-After past the per-uuid limit, then per admin, across the route and the action', async () => {
    const [first, second, third] = unseeded;
    if (!first || !second || !third) throw new Error('fixture missing');
    const created = await addTrackRoute(first);
    expect(created.status, created.body).toBe(201);
    expect((await addTrackRoute(first)).status).toBe(200);
    let calls = soundchartsCalls();
    expect429(await addTrackRoute(first), new RegExp(`Too many track additions of track ${first}: at most ${PER_TRACK} per 24 hours`));
    expect(soundchartsCalls()).toBe(calls);

    for (let call = 0; call < PER_TRACK; call += 1) expect((await action('addTrack', { uuid: second })).ok).toBe(true);
    calls = soundchartsCalls();
    expectRefused(await action('addTrack', { uuid: second }), new RegExp(`Too many track additions of track ${second}`));
    // Seven counted against a limit of six per admin: a uuid never added is refused too.
    expect429(await addTrackRoute(third), new RegExp(`Too many track additions by this admin: at most ${ADD_TRACK_PER_ADMIN} per 24 hours`));
    expectRefused(await action('addTrack', { uuid: third }), /Too many track additions by this admin/);
    expect(soundchartsCalls()).toBe(calls);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionToken, sessionKey } from '@/lib/access/admin-session';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { soundchartsEnv, startTestSoundcharts } from '@/test/soundcharts';
import { accessTable, appEndpoints } from './access-table';
import type { AccessRow } from './access-table';
import { almostRightAuthorizations } from './hostile-arbitraries';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';
import { actionNamed, actionResult, ADMIN_COOKIE, encodeActionCall, postAction, serverActions, sessionCookie, signInCookie } from './server-actions';
import type { ServerAction } from './server-actions';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'access-table-admin-token-5b0d4e71';
const CRON_SECRET = 'access-table-cron-secret-93a6f2c8';
const METRICS_TOKEN = 'access-table-metrics-token-61c7a0d2';
const bearerSecrets: Record<string, [string, string]> = {
  'admin bearer': [ADMIN_TOKEN, CRON_SECRET],
  'cron bearer': [CRON_SECRET, ADMIN_TOKEN],
  'metrics bearer': [METRICS_TOKEN, ADMIN_TOKEN],
};
const catalogue = demoCatalogue();
const TRACK_COUNT = 3;
// The seed holds the README's example track and TRACK_COUNT more; the rest only SoundCharts knows.
const SEEDED = catalogue.slice(0, TRACK_COUNT + 1);
const TRACK = SEEDED[0]?.uuid ?? '';
const PLATFORM = SEEDED[0]?.platforms[0] ?? 'spotify';
const rows = accessTable();

const fill = (target: string): string =>
  target
    .replace('{track_uuid}', TRACK)
    .replace('{platform_slug}', PLATFORM)
    .replace('{no_such_route}', 'no/such/route')
    .replace('{file}', 'swagger-ui.css');

/** The type a public route answers with: pages and the reference page HTML, its assets theirs, the rest JSON. */
function expectedContentType(row: AccessRow): string {
  if (row.kind === 'page' || row.target === '/api/docs') return 'text/html';
  if (row.target.startsWith('/api/docs/assets/')) return 'text/css';
  return 'application/json';
}

/** Credentials that must not open a door: none, wrong, and almost right (case, whitespace, prefix, scheme, the other secret). */
function refusedHeaders(secret: string, other: string, cookie: string): Array<[string, Record<string, string>]> {
  return [
    ['no credentials', {}],
    ...almostRightAuthorizations(secret).map((authorization): [string, Record<string, string>] => [`authorization ${JSON.stringify(authorization)}`, { authorization }]),
    ['the other secret', { authorization: `Bearer ${other}` }],
    ['a random token', { authorization: 'Bearer 0123456789abcdef0123456789abcdef' }],
    ['the admin session cookie instead of the bearer', { cookie }],
    ['the secret as a cookie', { cookie: `${ADMIN_COOKIE}=${secret}` }],
  ];
}

function expectNoSecret(reply: RawReply, context: string): void {
  const everything = `${reply.body}\n${JSON.stringify(reply.headers)}`;
  expect(everything, context).not.toContain(ADMIN_TOKEN);
  expect(everything, context).not.toContain(CRON_SECRET);
  expect(everything, context).not.toContain(METRICS_TOKEN);
}

describe('README "Who may call what"', () => {
  it('lists every route handler, page and server action under app/, and nothing else', () => {
    const endpoints = appEndpoints();
    const listed = (kind: AccessRow['kind']) => rows.filter((row) => row.kind === kind);
    expect(new Set(listed('route').map((row) => row.file))).toEqual(new Set(endpoints.routes));
    expect(new Set(listed('page').map((row) => row.file))).toEqual(new Set(endpoints.pages));
    expect(listed('action').map((row) => `${row.file}#${row.target}`).sort()).toEqual(endpoints.actions.map((action) => `${action.file}#${action.name}`).sort());
    expect(endpoints.actions.length).toBeGreaterThan(0);
  });
});

describe('every row of "Who may call what" against the production build', () => {
  let app: SeededApp;
  let soundcharts: SoundchartsServer;
  let actions: ServerAction[];
  let adminCookie: string;
  const forgedCookies: Array<[string, string]> = [];

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    app = await startSeededApp({
      backend: defaultBackend(),
      trackCount: TRACK_COUNT,
      env: {
        ADMIN_TOKEN,
        CRON_SECRET,
        METRICS_TOKEN,
        SESSION_SECRET: '',
        ...soundchartsEnv(soundcharts),
        // Every request and refusal is logged, so that the log can be searched for secrets.
        LOG_LEVEL: 'info',
        CRON_BUDGET_MS: '5000',
      },
    });
    actions = serverActions(TRACK);
    adminCookie = await signInCookie(app.server.url, actions, ADMIN_TOKEN);
    const key = sessionKey({ adminToken: ADMIN_TOKEN, sessionSecret: undefined });
    const otherKey = sessionKey({ adminToken: CRON_SECRET, sessionSecret: undefined });
    if (!key || !otherKey) throw new Error('no session key');
    const value = adminCookie.slice(ADMIN_COOKIE.length + 1);
    forgedCookies.push(
      ['no cookie', ''],
      ['a session signed with another key', `${ADMIN_COOKIE}=${(await createSessionToken(otherKey)).token}`],
      ['an expired session', `${ADMIN_COOKIE}=${(await createSessionToken(key, new Date(Date.now() - 9 * 3_600_000))).token}`],
      ['the session upper-cased', `${ADMIN_COOKIE}=${value.toUpperCase()}`],
      ['the session with a space inside', `${ADMIN_COOKIE}=${value.slice(0, 20)} ${value.slice(20)}`],
      ['a prefix of the session', `${ADMIN_COOKIE}=${value.slice(0, -2)}`],
      ['the session with a byte more', `${ADMIN_COOKIE}=${value}A`],
      ['ADMIN_TOKEN as the cookie', `${ADMIN_COOKIE}=${ADMIN_TOKEN}`],
      ['CRON_SECRET as the cookie', `${ADMIN_COOKIE}=${CRON_SECRET}`],
      ['the session under another name', `admin=${value}`],
    );
  });
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  const request = (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawReply> =>
    rawRequest(app.server.url, { method, path, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, body });

  /** The body of the one call a row's caller should be able to make. */
  function rightCall(row: AccessRow): { method: string; path: string; body: string | undefined } {
    const path = fill(row.target);
    if (path.startsWith('/soundcharts/tracks')) return { method: 'POST', path, body: JSON.stringify({ uuid: catalogue[TRACK_COUNT + 1]?.uuid }) };
    if (path.startsWith('/soundcharts/audience/refresh')) return { method: 'POST', path, body: '{}' };
    if (path.startsWith('/soundcharts/audience/compare')) {
      return { method: 'GET', path: `${path}?tracks=${SEEDED.slice(0, 2).map((track) => track.uuid).join(',')}&platform=${PLATFORM}`, body: undefined };
    }
    return { method: row.methods[0] === 'any' ? 'GET' : (row.methods[0] ?? 'GET'), path, body: undefined };
  }

  const bearerRows = rows.filter((row) => bearerSecrets[row.caller] !== undefined);
  it.each(bearerRows.map((row) => [`${row.methods.join(',')} ${row.target}`, row]))(
    '%s refuses missing, wrong and almost-right credentials with 401, and accepts the right one',
    async (_name, row) => {
      const [secret, other] = bearerSecrets[row.caller] ?? ['', ''];
      const call = rightCall(row);
      for (const [label, headers] of refusedHeaders(secret, other, adminCookie)) {
        const reply = await request(call.method, call.path, headers, call.body);
        const context = `${call.method} ${call.path} with ${label} -> ${reply.status} ${reply.body.slice(0, 200)}`;
        expect(reply.status, context).toBe(401);
        expect(String(reply.headers['www-authenticate']), context).toMatch(/^Bearer/);
        expect(JSON.parse(reply.body), context).toEqual({ success: false, error: expect.stringMatching(/bearer|Authentication/i) });
        expectNoSecret(reply, context);
      }
      const accepted = await request(call.method, call.path, { authorization: `Bearer ${secret}` }, call.body);
      const context = `${call.method} ${call.path} with the right secret -> ${accepted.status} ${accepted.body.slice(0, 300)}`;
      expect(accepted.status, context).toBeGreaterThanOrEqual(200);
      expect(accepted.status, context).toBeLessThan(300);
      // The metrics answer Prometheus' text format, every other bearer route JSON.
      if (row.caller === 'metrics bearer') expect(accepted.body, context).toContain('audience_http_request_duration_seconds');
      else expect(JSON.parse(accepted.body).success, context).toBe(true);
      expectNoSecret(accepted, context);
    },
  );

  const publicRows = rows.filter((row) => row.caller === 'anyone' && row.kind !== 'action');
  it.each(publicRows.map((row) => [`${row.methods.join(',')} ${row.target}`, row]))('%s answers anyone, without credentials', async (_name, row) => {
    const call = rightCall(row);
    if (row.target.startsWith('/soundcharts/audience/events/')) {
      // An event stream stays open: its status and type are what there is to check before leaving it.
      const leave = new AbortController();
      const stream = await fetch(`${app.server.url}${call.path}`, { signal: leave.signal });
      const type = stream.headers.get('content-type');
      leave.abort();
      expect(stream.status, call.path).toBe(200);
      expect(type, call.path).toContain('text/event-stream');
      expect((await request('OPTIONS', call.path)).status, call.path).toBe(204);
      return;
    }
    const reply = await request(call.method, call.path);
    const context = `${call.method} ${call.path} -> ${reply.status} ${reply.body.slice(0, 200)}`;
    expectNoSecret(reply, context);
    if (row.target.includes('{no_such_route}')) {
      expect(reply.status, context).toBe(404);
      expect(JSON.parse(reply.body).success, context).toBe(false);
      return;
    }
    expect(reply.status, context).toBe(200);
    expect(String(reply.headers['content-type']), context).toContain(expectedContentType(row));
    if (row.methods.includes('OPTIONS')) expect((await request('OPTIONS', call.path)).status, context).toBe(204);
  });

  const sessionPages = rows.filter((row) => row.caller === 'admin session' && row.kind === 'page');
  it.each(sessionPages.map((row) => [row.target, row]))('page %s is a 404 without the exact admin session cookie, and shows for an admin', async (_name, row) => {
    for (const [label, cookie] of forgedCookies) {
      const reply = await rawRequest(app.server.url, { method: 'GET', path: row.target, headers: cookie ? { cookie } : {} });
      const context = `${row.target} with ${label} -> ${reply.status}`;
      expect(reply.status, context).toBe(404);
      expect(reply.body, context).not.toContain('Ingest runs');
      expectNoSecret(reply, context);
    }
    const accepted = await rawRequest(app.server.url, { method: 'GET', path: row.target, headers: { cookie: adminCookie } });
    expect(accepted.status, `${row.target} as admin -> ${accepted.status}`).toBe(200);
    expect(accepted.body).toContain('Ingest runs');
    expectNoSecret(accepted, `${row.target} as admin`);
  });

  /** Fields of a call each admin action accepts; run 1 is the refresh made by the bearer rows above. */
  async function actionFields(name: string): Promise<Record<string, string>> {
    const removable = SEEDED[TRACK_COUNT] as CatalogueTrack;
    switch (name) {
      case 'addTrack':
        return { uuid: catalogue[TRACK_COUNT + 2]?.uuid ?? '' };
      case 'rerunIngest':
        return { runId: '1' };
      case 'updatePlatform':
        return { slug: 'spotify', name: 'Spotify', audienceMetricName: 'Streams', platformIdentifier: 'spotify', color: '#3b82f6' };
      case 'removeTrack': {
        // The count the page's confirmation shows: the rows above have fetched more days since the seed.
        const page = await rawRequest(app.server.url, { method: 'GET', path: `/admin?remove=${removable.uuid}`, headers: { cookie: adminCookie } });
        const days = page.body.match(/and its <strong>([\d,]+)(?:<!-- -->)? stored days/)?.[1];
        if (!days) throw new Error(`no removal confirmation on /admin: ${page.status}`);
        return { trackUuid: removable.uuid, expectedPoints: days.replaceAll(',', '') };
      }
      default:
        return { trackUuid: TRACK, platform: PLATFORM };
    }
  }

  const sessionRows = rows.filter((row) => row.caller === 'admin session' && row.kind === 'action');
  it.each(sessionRows.map((row) => [row.target, row]))(
    'action %s refuses callers without the exact admin session cookie, and runs for an admin',
    async (_name, row) => {
      const action = actionNamed(actions, row.target);
      const fields = await actionFields(row.target);
      const path = action.pages[0] ?? '/';
      const call = await encodeActionCall(fields, '$undefined');
      const attempts: Array<[string, Record<string, string>]> = [
        ...forgedCookies.map(([label, cookie]): [string, Record<string, string>] => [label, cookie ? { cookie } : {}]),
        ['ADMIN_TOKEN as a bearer header', { authorization: `Bearer ${ADMIN_TOKEN}` }],
      ];
      for (const [label, headers] of attempts) {
        const reply = await rawRequest(app.server.url, {
          method: 'POST',
          path,
          headers: { 'next-action': action.id, 'content-type': call.contentType, origin: app.server.url, ...headers },
          body: call.body,
        });
        const context = `${row.target} with ${label} -> ${reply.status} ${reply.body.slice(0, 200)}`;
        expect(reply.status, context).toBe(200);
        expect(actionResult(reply.body), context).toMatchObject({ ok: false, message: expect.stringMatching(/signed-in admin/) });
        expectNoSecret(reply, context);
      }
      const accepted = await postAction(app.server.url, action.id, path, call, adminCookie);
      const context = `${row.target} as admin -> ${accepted.status} ${accepted.body.slice(0, 300)}`;
      expect(accepted.status, context).toBe(200);
      expect(actionResult(accepted.body), context).toMatchObject({ ok: true });
      expectNoSecret(accepted, context);
    },
  );

  const signInRows = rows.filter((row) => row.caller === 'sign-in');
  it.each(signInRows.map((row) => [row.target, row]))('action %s refuses wrong and almost-right tokens, and signs in with the right one', async (_name, row) => {
    const action = actionNamed(actions, row.target);
    const tokens = [
      '',
      ADMIN_TOKEN.toUpperCase(),
      ` ${ADMIN_TOKEN}`,
      `${ADMIN_TOKEN} `,
      `${ADMIN_TOKEN}\n`,
      ADMIN_TOKEN.slice(0, -1),
      ADMIN_TOKEN.slice(0, 8),
      `${ADMIN_TOKEN}x`,
      `Bearer ${ADMIN_TOKEN}`,
      CRON_SECRET,
    ];
    for (const token of tokens) {
      const reply = await postAction(app.server.url, action.id, '/sign-in', await encodeActionCall({ token, next: '/' }, { error: '$undefined' }));
      const context = `${row.target} with ${JSON.stringify(token)} -> ${reply.status} ${reply.body.slice(0, 200)}`;
      expect(reply.status, context).toBe(200);
      expect(sessionCookie(reply.headers['set-cookie']), context).toBeUndefined();
      expect(actionResult(reply.body), context).toEqual({ error: expect.any(String) });
      expectNoSecret(reply, context);
    }
    const accepted = await postAction(app.server.url, action.id, '/sign-in', await encodeActionCall({ token: ADMIN_TOKEN, next: '/' }, { error: '$undefined' }));
    expect(sessionCookie(accepted.headers['set-cookie'])).toBeDefined();
    expect(accepted.headers['x-action-redirect']).toMatch(/^\/;/);
    expectNoSecret(accepted, 'sign-in with the right token');
  });

  const otherActions = rows.filter((row) => row.kind === 'action' && row.caller === 'anyone');
  it.each(otherActions.map((row) => [row.target, row]))('action %s answers anyone', async (_name, row) => {
    const action = actionNamed(actions, row.target);
    const reply = await postAction(app.server.url, action.id, '/', await encodeActionCall({}));
    expect(reply.status).toBe(200);
    expect(reply.headers['x-action-redirect']).toMatch(/^\/;/);
    expectNoSecret(reply, row.target);
  });

  it('never wrote a secret to the log', () => {
    const log = app.server.output();
    expect(log).toContain('"requestId"');
    expect(log).not.toContain(ADMIN_TOKEN);
    expect(log).not.toContain(CRON_SECRET);
    expect(log).not.toContain(adminCookie.slice(ADMIN_COOKIE.length + 1));
  });
});

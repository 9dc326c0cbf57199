import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionToken, sessionKey } from '@/lib/access/admin-session';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { soundchartsEnv, startTestSoundcharts } from '@/test/soundcharts';
import { databaseFingerprint, finalFingerprint, liveFingerprint } from './database-fingerprint';
import type { DatabaseFingerprint } from './database-fingerprint';
import { almostRightAuthorizations, hostileBody, hostileSegment } from './hostile-arbitraries';
import { checkErrorBody, expectNoLeak } from './hostile-reply';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';
import { actionNamed, actionResult, ADMIN_COOKIE, encodeActionCall, encodeForm, postAction, serverActions, sessionCookie, signInCookie } from './server-actions';
import type { EncodedCall, ServerAction } from './server-actions';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'hostile-actions-admin-token-7c3e91';
const TRACK_COUNT = 3;
const SEEDED_UUIDS = demoCatalogue({ trackCount: TRACK_COUNT }).map((track) => track.uuid);
const KNOWN_SLUGS = ['spotify', 'apple_music', 'youtube', 'tiktok'];
const RUNS = Number(process.env.HOSTILE_RUNS ?? 150);
const REFUSED = /signed-in admin/;
// Each admin action with the fields of its form.
const ACTION_FIELDS: Record<string, readonly string[]> = {
  addTrack: ['uuid'],
  refreshPlatform: ['trackUuid', 'platform'],
  refreshAllPlatforms: ['trackUuid'],
  refreshFullHistory: ['trackUuid'],
  rerunIngest: ['runId'],
  updatePlatform: ['slug', 'name', 'audienceMetricName', 'platformIdentifier', 'color'],
  removeTrack: ['trackUuid', 'expectedPoints'],
};
const ADMIN_ACTIONS = Object.keys(ACTION_FIELDS);

/** The generated fields an action's form has (a few more would not matter; many 20 KB ones pass the guard's 64 KB). */
function formOf(name: string, fields: Partial<Record<string, string>>): Record<string, string> {
  return Object.fromEntries((ACTION_FIELDS[name] ?? []).flatMap((key) => (fields[key] === undefined ? [] : [[key, fields[key]]])));
}

type Session = 'none' | 'valid' | 'other key' | 'expired' | 'unsigned' | 'tampered' | 'garbage';
const SESSIONS: Session[] = ['none', 'valid', 'other key', 'expired', 'unsigned', 'tampered', 'garbage'];

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A form field as a person or a script might fill it: hostile segments decoded, blanks, valid values, 20 KB. */
const fieldValue = (valid: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    hostileSegment(valid).map(decodeSafely),
    fc.constantFrom('', ' ', '\u0000', 'x'.repeat(20_000), ...valid.map((value) => ` ${value.toUpperCase()} `)),
    fc.uuid(),
  );

/** The fields of every admin action's form, each hostile, blank, valid or missing; no run exists, so no run id is a right one. */
const actionFields = fc.record(
  {
    uuid: fieldValue(SEEDED_UUIDS),
    trackUuid: fieldValue(SEEDED_UUIDS),
    platform: fieldValue(KNOWN_SLUGS),
    runId: fieldValue(['1', '42', '999999999999999']),
    slug: fieldValue(KNOWN_SLUGS),
    name: fieldValue(['Spotify', 'A name']),
    audienceMetricName: fieldValue(['Streams']),
    platformIdentifier: fieldValue(['spotify', 'apple-music', '']),
    color: fieldValue(['#3b82f6', 'red', '#FFF']),
    expectedPoints: fieldValue(['0', '12', '-1']),
  },
  { requiredKeys: [] },
);

/** Previous states an action may be handed: none, honest ones, and anything JSON can carry. */
const previousState = fc.oneof(
  fc.constant('$undefined'),
  fc.constant({ ok: true, message: 'done', link: '$undefined', at: 1 }),
  fc.constant({ error: '$undefined' }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value).replaceAll('"$', '"$$$$')) as unknown),
);

/** Bodies no honest client sends: broken multipart, references to rows that do not exist, wrong argument shapes. */
const malformedCall: fc.Arbitrary<Promise<EncodedCall>> = fc.oneof(
  hostileBody.map(async (body) => ({ body: Buffer.from(body.body), contentType: body.contentType ?? 'text/plain;charset=UTF-8' })),
  fc
    .tuple(
      fc.constantFrom('$@1', '$@ff', '$Q1', '$W1', '$h1', '$T', '$F1', '$B1', '$S1', '$R1', '$i1', '$n99999999999999999999', '$D', '$K1', '$K', '$', '$Y', '$l', 1, null, [], {}),
      fc.constantFrom('$K1', '$undefined', 1, '$@1', [], { a: 1 }),
      fc.boolean(),
    )
    .map(async ([first, second, both]) => {
      const form = new FormData();
      form.append('0', JSON.stringify(both ? [first, second] : [first]));
      // A uuid SoundCharts does not know: a call that decodes into a valid form still adds nothing.
      form.append('_1_uuid', '00000000-0000-1000-8000-000000000000');
      return encodeForm(form);
    }),
  fc.dictionary(fc.constantFrom('0', '1', '_1_uuid', '_1_', '1_uuid', '$ACTION_ID_0', '$ACTION_REF_1', '$ACTION_1:0', '$ACTION_1:1', '$ACTION_KEY'), fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? ''), fc.string()), { maxKeys: 4 }).map(
    async (fields) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      return encodeForm(form);
    },
  ),
  fc.constant(
    (async () => {
      const form = new FormData();
      form.append('0', '["$undefined","$K1"]');
      form.append('_1_uuid', new Blob(['x'.repeat(100)]), 'file.txt');
      return encodeForm(form);
    })(),
  ),
  fc.constant(
    encodeActionCall({ uuid: 'x'.repeat(2_000_000) }, '$undefined'),
  ),
);

describe('hostile input against every server action of the production build', () => {
  let app: SeededApp;
  let soundcharts: SoundchartsServer;
  let before: DatabaseFingerprint;
  let actions: ServerAction[];
  let adminActions: ServerAction[];
  const cookies = new Map<Session, string | undefined>();

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    app = await startSeededApp({
      backend: defaultBackend(),
      trackCount: TRACK_COUNT,
      env: {
        ADMIN_TOKEN,
        SESSION_SECRET: '',
        ...soundchartsEnv(soundcharts),
        // Refused calls count against the limits; these runs are about input, not rate limits.
        RATE_LIMIT_REFRESH_PER_ADMIN: '1000000',
        RATE_LIMIT_REFRESH_PER_TRACK: '1000000',
        RATE_LIMIT_ADD_TRACK_PER_ADMIN: '1000000',
        RATE_LIMIT_ADD_TRACK_PER_TRACK: '1000000',
      },
      afterSeed: async (db) => {
        before = await databaseFingerprint(db);
      },
    });
    actions = serverActions(SEEDED_UUIDS[0] ?? '');
    adminActions = ADMIN_ACTIONS.map((name) => actionNamed(actions, name));

    const valid = await signInCookie(app.server.url, actions, ADMIN_TOKEN);
    const key = sessionKey({ adminToken: ADMIN_TOKEN, sessionSecret: undefined });
    const otherKey = sessionKey({ adminToken: 'another-admin-token-0123456789', sessionSecret: undefined });
    if (!key || !otherKey) throw new Error('no session key');
    const [header, payload] = valid.slice(ADMIN_COOKIE.length + 1).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const tamperedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'root', exp: 4_102_444_800 })).toString('base64url');
    const signature = valid.split('.')[2];
    cookies.set('none', undefined);
    cookies.set('valid', valid);
    cookies.set('other key', `${ADMIN_COOKIE}=${(await createSessionToken(otherKey)).token}`);
    cookies.set('expired', `${ADMIN_COOKIE}=${(await createSessionToken(key, new Date(Date.now() - 9 * 3_600_000))).token}`);
    cookies.set('unsigned', `${ADMIN_COOKIE}=${unsignedHeader}.${payload}.`);
    cookies.set('tampered', `${ADMIN_COOKIE}=${header}.${tamperedPayload}.${signature}`);
    cookies.set('garbage', `${ADMIN_COOKIE}=${'a'.repeat(3_000)}`);
  });
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  function callAction(action: Pick<ServerAction, 'id'>, path: string, call: EncodedCall, cookie: string | undefined): Promise<RawReply> {
    return postAction(app.server.url, action.id, path, call, cookie);
  }

  /** Never a 5xx or a leak; a 200 is the action's own refusal, a 4xx says what was wrong. */
  function checkActionReply(reply: RawReply, context: string): unknown {
    const where = `${context} -> ${reply.status} ${reply.body.slice(0, 300)}`;
    expect(reply.status, where).toBeLessThan(500);
    expectNoLeak(reply.body, where);
    expect(reply.body, where).not.toContain(ADMIN_TOKEN);
    const type = String(reply.headers['content-type'] ?? '');
    if (reply.status === 200 || (reply.status === 404 && type.includes('text/x-component'))) {
      expect(type, where).toContain('text/x-component');
      return actionResult(reply.body);
    }
    if (type.includes('application/json')) checkErrorBody(reply.body, where);
    else {
      // Next.js's own refusal of an action id it does not know: 400 when malformed, 404 or 409 when well formed.
      expect([400, 404, 409], where).toContain(reply.status);
      expect(reply.body.length, where).toBeLessThan(200);
    }
    return undefined;
  }

  it('admin actions refuse every caller without a valid admin session, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: ADMIN_ACTIONS.length - 1 }),
        fc.constantFrom(...SESSIONS.filter((session) => session !== 'valid')),
        actionFields,
        previousState,
        fc.constantFrom('/', `/tracks/${SEEDED_UUIDS[0]}`, '/sign-in', '/no-such-page'),
        async (index, session, fields, previous, path) => {
          const action = adminActions[index] as ServerAction;
          const reply = await callAction(action, path, await encodeActionCall(formOf(action.name, fields), previous), cookies.get(session));
          const context = `${action.name} on ${path} (${session}) ${JSON.stringify(fields).slice(0, 200)}`;
          const result = checkActionReply(reply, context) as { ok: boolean; message: string } | undefined;
          expect(result, context).toBeDefined();
          expect(result?.ok, context).toBe(false);
          expect(result?.message, context).toMatch(REFUSED);
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('admin actions called by an admin refuse invalid input with a message, touching nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: ADMIN_ACTIONS.length - 1 }),
        actionFields,
        previousState,
        async (index, fields, previous) => {
          const action = adminActions[index] as ServerAction;
          // A seeded track with a real platform would fetch and store (a right call): not what this test is about.
          const target = (action.name === 'addTrack' ? fields.uuid : fields.trackUuid)?.trim().toLowerCase() ?? '';
          fc.pre(!SEEDED_UUIDS.includes(target));
          // A platform edit with a valid colour may be a right call too (the other fields may all be valid).
          fc.pre(action.name !== 'updatePlatform' || !/^#[0-9a-f]{6}$/i.test(fields.color?.trim() ?? ''));
          const path = action.pages[0] ?? '/';
          const reply = await callAction(action, path, await encodeActionCall(formOf(action.name, fields), previous), cookies.get('valid'));
          const context = `${action.name} as admin ${JSON.stringify(fields).slice(0, 200)}`;
          const result = checkActionReply(reply, context) as { ok: boolean; message: string } | undefined;
          // Five 20 KB fields are over the guard's 64 KB: its JSON 413 (checked above) is the clear refusal then.
          if (reply.status === 413) return;
          expect(result, context).toBeDefined();
          expect(result?.ok, context).toBe(false);
          expect(result?.message.length, context).toBeGreaterThan(10);
          expect(result?.message, context).not.toMatch(REFUSED);
          expect(result?.message, context).not.toMatch(/Something went wrong/);
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('malformed action calls get a 4xx or a refusal, never a 500, with or without a session', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actions.map((action) => action.id), '00', 'f'.repeat(42), '7f'.repeat(200), ''),
        fc.constantFrom<Session>('none', 'valid'),
        malformedCall,
        fc.constantFrom('/', `/tracks/${SEEDED_UUIDS[0]}`, '/sign-in'),
        async (id, session, call, path) => {
          const encoded = await call;
          const reply = await callAction({ id }, path, encoded, cookies.get(session));
          const result = checkActionReply(reply, `action ${id.slice(0, 12)} on ${path} (${session}) ${encoded.body.subarray(0, 120).toString()}`);
          const action = actions.find((candidate) => candidate.id === id);
          if (result !== undefined && action && action.name !== 'signIn' && action.name !== 'signOut') {
            expect((result as { ok: unknown }).ok).toBe(false);
          }
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('forms posted without scripts (progressive enhancement) with forged action fields never get a 500', async () => {
    const ids = actions.map((action) => action.id);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.oneof(fc.constantFrom('$ACTION_REF_1', '$ACTION_1:0', '$ACTION_1:1', '$ACTION_1:2', '$ACTION_KEY', 'uuid', 'token', 'next'), fc.constantFrom(...ids).map((id) => `$ACTION_ID_${id}`)),
          fc.oneof(
            fc.constantFrom(
              '',
              ...ids.map((id) => JSON.stringify({ id, bound: '$@1' })),
              ...ids.map((id) => JSON.stringify({ id, bound: null })),
              JSON.stringify({ id: 'ff', bound: null }),
              '{"id":1}',
              '[{"error":"$undefined"}]',
              '["$@2"]',
              '["$Q1"]',
              '[1,2,3]',
              '{bad',
            ),
            fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? ''),
          ),
          { minKeys: 1, maxKeys: 5 },
        ),
        fc.constantFrom<Session>('none', 'valid'),
        async (fields, session) => {
          fc.pre(!(session === 'valid' && Object.values(fields).some((value) => SEEDED_UUIDS.includes(value))));
          const form = new FormData();
          for (const [key, value] of Object.entries(fields)) form.append(key, value);
          const call = await encodeForm(form);
          const headers: Record<string, string> = { 'content-type': call.contentType, origin: app.server.url };
          const cookie = cookies.get(session);
          if (cookie) headers.cookie = cookie;
          const reply = await rawRequest(app.server.url, { method: 'POST', path: '/sign-in', headers, body: call.body });
          const context = `form ${JSON.stringify(fields).slice(0, 300)} (${session}) -> ${reply.status} ${reply.body.slice(0, 200)}`;
          expect(reply.status, context).toBeLessThan(500);
          expectNoLeak(reply.body, context);
          expect(reply.body, context).not.toContain(ADMIN_TOKEN);
          if (reply.status >= 300 && reply.status < 400) expect(String(reply.headers.location), context).toMatch(/^\/(?![/\\])/);
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  it('sign-in refuses wrong and almost-right tokens, and only ever redirects within the site', async () => {
    const signIn = actionNamed(actions, 'signIn');
    const tokens = almostRightAuthorizations(ADMIN_TOKEN).map((header) => header.replace(/^Bearer /, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...tokens, ADMIN_TOKEN, ` ${ADMIN_TOKEN} `), fieldValue([ADMIN_TOKEN])),
        fc.oneof(
          fc.constantFrom('/', '/tracks/x', '//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/%2F%2Fevil.example', '\t//evil.example', '', '/Ā'),
          hostileSegment().map(decodeSafely),
        ),
        async (token, next) => {
          const reply = await callAction(signIn, '/sign-in', await encodeActionCall({ token, next }, { error: '$undefined' }), undefined);
          const context = `sign-in ${JSON.stringify(token).slice(0, 60)} next ${JSON.stringify(next).slice(0, 60)} -> ${reply.status}`;
          expect(reply.status, context).toBeLessThan(500);
          expect(reply.body, context).not.toContain(ADMIN_TOKEN);
          expectNoLeak(reply.body, context);
          if (token === ADMIN_TOKEN) {
            // Next.js answers a redirecting fetch action with a 200 that names the target in x-action-redirect.
            expect(reply.status, context).toBe(200);
            expect(sessionCookie(reply.headers['set-cookie']), context).toBeDefined();
            expect(String(reply.headers['x-action-redirect']), context).toMatch(/^\/(?![/\\])/);
            return;
          }
          expect(sessionCookie(reply.headers['set-cookie']), context).toBeUndefined();
          const result = checkActionReply(reply, context) as { error: unknown } | undefined;
          expect(typeof result?.error, context).toBe('string');
        },
      ),
      { numRuns: RUNS },
    );
    await expectDatabaseUnchanged();
  });

  async function expectDatabaseUnchanged(): Promise<void> {
    const now = await liveFingerprint(app);
    if (now) expect(now).toEqual(before);
  }

  it('left the database as seeded (checked with the app stopped on PGlite)', async () => {
    expect(await finalFingerprint(app)).toEqual(before);
  });
});

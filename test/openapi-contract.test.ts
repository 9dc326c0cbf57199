import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import type { FaultPlan } from '@/soundcharts-server/faults';
import { soundchartsEnv, startTestSoundcharts } from '@/test/soundcharts';
import { documentValidator } from './openapi-validator';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'contract-admin-token-7e21c9a4';
const CRON_SECRET = 'contract-cron-secret-3b8d0f56';
const METRICS_TOKEN = 'contract-metrics-token-c45e19b2';
const TRACK_COUNT = 3;
const catalogue = demoCatalogue();
const SECOND = catalogue[1]?.uuid ?? '';
// Known to the SoundCharts double, not seeded: add-track creates it.
const NEW_TRACK = catalogue[TRACK_COUNT + 1]?.uuid ?? '';
// Known to the double, never stored: the calls that fail upstream import it.
const FAILING_TRACK = catalogue[TRACK_COUNT + 2]?.uuid ?? '';
const UNKNOWN = '00000000-0000-1000-8000-000000000000';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

type Operation = { responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/** One real call: `template` names the documented path it is an instance of (undefined: no route, the catch-all). */
type Call = {
  method: string;
  template: string | undefined;
  path: string;
  status: number;
  headers?: Record<string, string>;
  body?: string;
  faults?: FaultPlan[];
};

const chart = `/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/`;
const refresh = `/soundcharts/audience/refresh/${BAD_GUY_UUID}/spotify/`;
const CHART = '/soundcharts/audience/chart/{trackUuid}/{platformSlug}/';
const COMPARISON = '/soundcharts/audience/chart/{trackUuid}/';
const COMPARE = '/soundcharts/audience/compare/';
const INSIGHTS = '/soundcharts/audience/insights/{trackUuid}/{platformSlug}/';
const EVENTS = '/soundcharts/audience/events/{trackUuid}/';
const REFRESH = '/soundcharts/audience/refresh/{trackUuid}/{platformSlug}/';
const TRACKS = '/soundcharts/tracks/';
const AUDIENCE_PATH = '/audience/';
const SONG_PATH = `/song/${FAILING_TRACK}`;

// `*` matches whatever ETag the reply has: the cached routes' 304, without a first call to learn it.
const anyEtag = { 'if-none-match': '*' };

const calls: Call[] = [
  { method: 'GET', template: CHART, path: `${chart}?limit=5`, status: 200 },
  { method: 'GET', template: CHART, path: `${chart}?limit=5&format=csv`, status: 200 },
  { method: 'GET', template: CHART, path: `${chart}?limit=5&format=xlsx`, status: 200 },
  { method: 'GET', template: CHART, path: `${chart}?mode=hourly`, status: 400 },
  { method: 'GET', template: CHART, path: `/soundcharts/audience/chart/${UNKNOWN}/spotify/`, status: 404 },
  { method: 'GET', template: CHART, path: `${chart}?limit=5`, headers: anyEtag, status: 304 },
  { method: 'OPTIONS', template: CHART, path: chart, status: 204 },
  { method: 'POST', template: CHART, path: chart, status: 405 },
  { method: 'GET', template: COMPARISON, path: `/soundcharts/audience/chart/${BAD_GUY_UUID}/?limit=3`, status: 200 },
  { method: 'GET', template: COMPARISON, path: `/soundcharts/audience/chart/${BAD_GUY_UUID}/?limit=3&platforms=spotify,youtube&aggregate=index`, status: 200 },
  { method: 'GET', template: COMPARISON, path: `/soundcharts/audience/chart/${BAD_GUY_UUID}/?platforms=Not%20a%20slug`, status: 400 },
  { method: 'GET', template: COMPARISON, path: `/soundcharts/audience/chart/${UNKNOWN}/`, status: 404 },
  { method: 'GET', template: COMPARISON, path: `/soundcharts/audience/chart/${BAD_GUY_UUID}/?limit=3`, headers: anyEtag, status: 304 },
  { method: 'OPTIONS', template: COMPARISON, path: `/soundcharts/audience/chart/${BAD_GUY_UUID}/`, status: 204 },
  { method: 'GET', template: COMPARE, path: `${COMPARE}?tracks=${BAD_GUY_UUID},${SECOND}&platform=spotify&limit=3`, status: 200 },
  { method: 'GET', template: COMPARE, path: `${COMPARE}?tracks=${BAD_GUY_UUID},${SECOND}&platform=spotify&align=release&limit=3`, status: 200 },
  { method: 'GET', template: COMPARE, path: `${COMPARE}?platform=spotify`, status: 400 },
  { method: 'GET', template: COMPARE, path: `${COMPARE}?tracks=${BAD_GUY_UUID},${UNKNOWN}&platform=spotify`, status: 404 },
  { method: 'GET', template: COMPARE, path: `${COMPARE}?tracks=${BAD_GUY_UUID},${SECOND}&platform=spotify&limit=3`, headers: anyEtag, status: 304 },
  { method: 'OPTIONS', template: COMPARE, path: COMPARE, status: 204 },
  { method: 'GET', template: INSIGHTS, path: `/soundcharts/audience/insights/${BAD_GUY_UUID}/spotify/?horizon=7`, status: 200 },
  { method: 'GET', template: INSIGHTS, path: `/soundcharts/audience/insights/${BAD_GUY_UUID}/spotify/?horizon=0`, status: 400 },
  { method: 'GET', template: INSIGHTS, path: `/soundcharts/audience/insights/${BAD_GUY_UUID}/no_such_platform/`, status: 404 },
  { method: 'GET', template: INSIGHTS, path: `/soundcharts/audience/insights/${BAD_GUY_UUID}/spotify/?horizon=7`, headers: anyEtag, status: 304 },
  { method: 'OPTIONS', template: INSIGHTS, path: `/soundcharts/audience/insights/${BAD_GUY_UUID}/spotify/`, status: 204 },
  { method: 'GET', template: EVENTS, path: `/soundcharts/audience/events/${BAD_GUY_UUID}/?after=soon`, status: 400 },
  { method: 'GET', template: EVENTS, path: `/soundcharts/audience/events/${UNKNOWN}/`, status: 404 },
  { method: 'OPTIONS', template: EVENTS, path: `/soundcharts/audience/events/${BAD_GUY_UUID}/`, status: 204 },
  { method: 'POST', template: REFRESH, path: refresh, headers: admin, body: '{}', status: 200 },
  { method: 'POST', template: REFRESH, path: refresh, headers: admin, body: '{"force_refresh":"yes"}', status: 400 },
  { method: 'POST', template: REFRESH, path: refresh, body: '{}', status: 401 },
  { method: 'POST', template: REFRESH, path: `/soundcharts/audience/refresh/${UNKNOWN}/spotify/`, headers: admin, body: '{}', status: 404 },
  { method: 'POST', template: REFRESH, path: refresh, headers: admin, body: `{"pad":"${'x'.repeat(2_000)}"}`, status: 413 },
  { method: 'POST', template: REFRESH, path: refresh, headers: admin, body: '{}', status: 422, faults: [{ kind: 'status', status: 400, path: AUDIENCE_PATH }] },
  { method: 'POST', template: REFRESH, path: refresh, headers: admin, body: '{}', status: 502, faults: [{ kind: 'malformed_json', path: AUDIENCE_PATH }] },
  { method: 'GET', template: REFRESH, path: refresh, status: 405 },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: JSON.stringify({ uuid: NEW_TRACK }), status: 201 },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: JSON.stringify({ uuid: NEW_TRACK }), status: 200 },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: '{"uuid":"not-a-uuid"}', status: 400 },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: { authorization: 'Bearer wrong-token' }, body: '{}', status: 401 },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: JSON.stringify({ uuid: UNKNOWN }), status: 404 },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: 'x'.repeat(1_100), status: 413 },
  ...([
    [422, { kind: 'status', status: 400, path: SONG_PATH }],
    [502, { kind: 'malformed_json', path: SONG_PATH }],
  ] as const).map(([status, fault]): Call => ({ method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: JSON.stringify({ uuid: FAILING_TRACK }), status, faults: [fault] })),
  { method: 'GET', template: '/api/cron/ingest', path: '/api/cron/ingest', headers: { authorization: `Bearer ${CRON_SECRET}` }, status: 200 },
  { method: 'GET', template: '/api/cron/ingest', path: '/api/cron/ingest', status: 401 },
  { method: 'GET', template: '/api/health', path: '/api/health', status: 200 },
  { method: 'PUT', template: '/api/health', path: '/api/health', status: 405 },
  { method: 'GET', template: '/api/metrics', path: '/api/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, status: 401 },
  { method: 'GET', template: '/api/openapi.json', path: '/api/openapi.json', status: 200 },
  { method: 'GET', template: '/api/docs', path: '/api/docs', status: 200 },
  { method: 'GET', template: undefined, path: '/api/no/such/route', status: 404 },
  { method: 'DELETE', template: undefined, path: '/soundcharts/no-such-route', status: 404 },
  // Last: a rate-limit 429 pauses every call to SoundCharts for its hour (lib/soundcharts/call-slots.ts),
  // so the import after it is refused by the pause itself, before anything is sent.
  { method: 'POST', template: REFRESH, path: refresh, headers: admin, body: '{}', status: 429, faults: [{ kind: 'rate_limit', resetSeconds: 3_600, path: AUDIENCE_PATH }] },
  { method: 'POST', template: TRACKS, path: TRACKS, headers: admin, body: JSON.stringify({ uuid: FAILING_TRACK }), status: 429 },
  // After every call above, so that it counts them all.
  { method: 'GET', template: '/api/metrics', path: '/api/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` }, status: 200 },
];

// Documented statuses no call above produces, each tested elsewhere or not producible on purpose.
// The test fails when a documented status is neither exercised nor listed here.
const notExercised: Record<string, string> = {
  500: 'an unexpected failure: no input produces one (test/hostile-input.test.ts checks that)',
  503: 'the database down (test/database-outage.test.ts) or a secret unset (test/access-table.test.ts)',
  504: 'a SoundCharts timeout: tested on the client (lib/soundcharts/client.test.ts); here it would take the retries’ time',
  '/api/metrics 404': 'METRICS_TOKEN unset (test/observability.test.ts)',
  '/soundcharts/audience/events/{trackUuid}/ 200': 'a stream that stays open: read event by event in test/live-updates.test.ts',
};

describe('the OpenAPI document against the replies of the production build', () => {
  let app: SeededApp;
  let soundcharts: SoundchartsServer;
  let document: Document;
  const replies: Array<{ call: Call; reply: RawReply }> = [];

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    app = await startSeededApp({
      backend: defaultBackend(),
      trackCount: TRACK_COUNT,
      env: { ADMIN_TOKEN, CRON_SECRET, METRICS_TOKEN, ...soundchartsEnv(soundcharts), CRON_BUDGET_MS: '5000' },
    });
    for (const call of calls) {
      soundcharts.faults.clear();
      if (call.faults) soundcharts.faults.add(...call.faults.map((fault) => ({ ...fault, times: Infinity })));
      const headers = { ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers };
      replies.push({ call, reply: await rawRequest(app.server.url, { method: call.method, path: call.path, headers, body: call.body }) });
    }
    soundcharts.faults.clear();
    const served = replies.find(({ call }) => call.template === '/api/openapi.json')?.reply;
    document = JSON.parse(served?.body ?? '{}') as Document;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  it('serves a document that validates as OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((document as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('gets the status each call expects', () => {
    const got = replies.map(({ call, reply }) => `${call.method} ${call.path.slice(0, 90)} -> ${reply.status}`);
    expect(got).toEqual(replies.map(({ call }) => `${call.method} ${call.path.slice(0, 90)} -> ${call.status}`));
  });

  it('documents every reply, and each body matches its schema', () => {
    const validator = documentValidator(document);
    const envelope = validator(['components', 'schemas', 'ErrorEnvelope']);
    for (const { call, reply } of replies) {
      const context = `${call.method} ${call.path.slice(0, 90)} -> ${reply.status} ${reply.body.slice(0, 300)}`;
      const operation = call.template === undefined ? undefined : document.paths[call.template]?.[call.method.toLowerCase()];
      const type = String(reply.headers['content-type'] ?? '').split(';')[0] ?? '';
      if (operation === undefined) {
        // No route, or a method the route does not serve: the documented error envelope, 404 or 405.
        expect([404, 405], context).toContain(reply.status);
        expect(type, context).toBe('application/json');
        expect(envelope(JSON.parse(reply.body)), `${context}\n${JSON.stringify(envelope.errors)}`).toBe(true);
        continue;
      }
      const documented = operation.responses[String(reply.status)];
      expect(documented, `${context}: status not documented`).toBeDefined();
      for (const header of Object.keys(documented?.headers ?? {})) expect(reply.headers[header.toLowerCase()], `${context}: ${header}`).toBeTruthy();
      if (reply.status === 204 || reply.status === 304) {
        expect(reply.body, context).toBe('');
        continue;
      }
      expect(Object.keys(documented?.content ?? {}), context).toContain(type);
      if (type !== 'application/json') continue;
      if (call.template === '/api/openapi.json') continue;
      const validate = validator(['paths', call.template ?? '', call.method.toLowerCase(), 'responses', String(reply.status), 'content', 'application/json', 'schema']);
      expect(validate(JSON.parse(reply.body)), `${context}\n${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('counted the calls above in the metrics: requests by route pattern, SoundCharts calls by outcome, stored runs and quota', () => {
    const metrics = replies.find(({ call, reply }) => call.template === '/api/metrics' && reply.status === 200)?.reply.body ?? '';
    expect(metrics).toMatch(/^audience_http_request_duration_seconds_count\{method="POST",route="\/soundcharts\/audience\/refresh\/\{trackUuid\}\/\{platformSlug\}",status="502"\} 1$/m);
    expect(metrics).toMatch(/^audience_soundcharts_calls_total\{outcome="ok"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^audience_soundcharts_calls_total\{outcome="invalid_response"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^audience_soundcharts_calls_total\{outcome="rate_limited"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^audience_ingest_runs\{trigger="manual",status="succeeded"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^audience_ingest_runs\{trigger="manual",status="failed"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^audience_soundcharts_quota_remaining\{reading="last"\} \d+$/m);
    expect(metrics).not.toContain(BAD_GUY_UUID);
  });

  it('exercises every documented status of every route, but those listed as tested elsewhere', () => {
    const exercised = new Set(replies.map(({ call, reply }) => `${call.method.toLowerCase()} ${call.template} ${reply.status}`));
    const missing: string[] = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const status of Object.keys(operation.responses)) {
          if (exercised.has(`${method} ${template} ${status}`) || status in notExercised || `${template} ${status}` in notExercised) continue;
          missing.push(`${method.toUpperCase()} ${template} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

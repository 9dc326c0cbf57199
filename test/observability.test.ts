import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { soundchartsEnv, startTestSoundcharts } from '@/test/soundcharts';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';
import { actionNamed, encodeActionCall, postAction, serverActions } from './server-actions';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'observability-admin-token-4d2c8e';
type LogLine = Record<string, unknown> & { level: number; time: number; msg: string };

describe('structured logs of the production build: a request id on every request and every ingest run', () => {
  let app: SeededApp;
  let soundcharts: SoundchartsServer;
  const replies: Array<[string, RawReply]> = [];

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    app = await startSeededApp({
      backend: defaultBackend(),
      env: {
        ADMIN_TOKEN,
        ...soundchartsEnv(soundcharts),
        LOG_LEVEL: 'info',
      },
    });
    const get = (path: string, headers: Record<string, string> = {}) => rawRequest(app.server.url, { method: 'GET', path, headers });
    replies.push(
      ['page', await get('/')],
      ['track page', await get(`/tracks/${BAD_GUY_UUID}`)],
      ['chart', await get(`/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?limit=3`)],
      ['bad chart', await get('/soundcharts/audience/chart/not-a-uuid/')],
      ['undecodable path', await get('/soundcharts/audience/chart/%zz/')],
      ['unknown API route', await get('/api/no/such/route')],
      ['health', await get('/api/health')],
      ['metrics without METRICS_TOKEN', await get('/api/metrics', { authorization: 'Bearer observability-metrics-token' })],
      ['caller id kept', await get('/api/health', { 'x-request-id': 'caller-chosen-id-1' })],
      ['unsafe caller id replaced', await get('/api/health', { 'x-request-id': 'bad id\twith "quotes"' })],
      [
        'refresh',
        await rawRequest(app.server.url, {
          method: 'POST',
          path: `/soundcharts/audience/refresh/${BAD_GUY_UUID}/spotify/`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-request-id': 'refresh-request-7' },
          body: '{}',
        }),
      ],
    );
    const signIn = actionNamed(serverActions(BAD_GUY_UUID), 'signIn');
    replies.push(['action', await postAction(app.server.url, signIn.id, '/sign-in', await encodeActionCall({ token: 'wrong-token', next: '/' }, { error: '$undefined' }))]);
  });
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  function logLines(): LogLine[] {
    return app.server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  it('answers every request with an X-Request-Id, keeping a safe one the caller sent', () => {
    for (const [name, reply] of replies) expect(String(reply.headers['x-request-id']), name).toMatch(/^[\w-]{1,64}$/);
    const byName = new Map(replies);
    expect(byName.get('caller id kept')?.headers['x-request-id']).toBe('caller-chosen-id-1');
    expect(byName.get('unsafe caller id replaced')?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(byName.get('health')?.status).toBe(200);
    expect(JSON.parse(byName.get('health')?.body ?? '{}')).toMatchObject({ ok: true });
    // METRICS_TOKEN is not set: the metrics route is off, as if it did not exist.
    expect(byName.get('metrics without METRICS_TOKEN')?.status).toBe(404);
    expect(JSON.parse(byName.get('metrics without METRICS_TOKEN')?.body ?? '{}')).toMatchObject({ success: false });
  });

  it('writes one JSON object a line, and a line naming each request by its id', async () => {
    // The server's output arrives through a pipe: give the last lines a moment.
    const lastId = replies.at(-1)?.[1].headers['x-request-id'];
    for (let wait = 0; wait < 40 && !logLines().some((line) => line.requestId === lastId); wait += 1) await sleep(50);
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(replies.length);
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(Number), time: expect.any(Number), service: 'audience', msg: expect.any(String) });
    }
    for (const [name, reply] of replies) {
      const id = reply.headers['x-request-id'];
      expect(lines.some((line) => line.requestId === id), `${name} (${String(id)})`).toBe(true);
    }
    // What an action logs carries the id of its request too.
    const actionId = new Map(replies).get('action')?.headers['x-request-id'];
    expect(lines.find((line) => line.msg === 'admin sign-in refused: wrong token')?.requestId).toBe(actionId);
  });

  it('logs the start and the end of an ingest run with its run id and the id of the request that started it', () => {
    const refresh = new Map(replies).get('refresh');
    expect(refresh?.status, refresh?.body).toBe(200);
    const runId = (JSON.parse(refresh?.body ?? '{}') as { run_id: number }).run_id;
    const run = logLines().filter((line) => line.runId === runId);
    expect(run.map((line) => line.msg)).toEqual(['ingest run started', 'ingest run finished']);
    for (const line of run) expect(line).toMatchObject({ requestId: 'refresh-request-7', trackUuid: BAD_GUY_UUID, platformSlug: 'spotify' });
    expect(run[0]).toMatchObject({ trigger: 'manual', forceRefresh: true });
    expect(run[1]).toMatchObject({ status: 'succeeded', created: expect.any(Number), durationMs: expect.any(Number) });
  });
});

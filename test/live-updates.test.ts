import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { VERSION_TRUSTED_FOR_MS } from '@/lib/live/versions';
import { openEventStream } from './event-stream-client';
import { ADMIN_TOKEN } from './route-env';
import { startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';
import { soundchartsEnv, startTestSoundcharts } from './soundcharts';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const catalogue = demoCatalogue({ trackCount: 3 });
const [track, other] = catalogue as [(typeof catalogue)[number], (typeof catalogue)[number]];
const [firstPlatform, secondPlatform] = track.platforms as [string, string];
const UNKNOWN = '00000000-0000-1000-8000-000000000000';
// The documented bound on a write by another process showing in this one's replies (README, Live updates).
const CROSS_PROCESS_BOUND_MS = 5_000;

const backends = ['pglite', ...(process.env.DATABASE_URL ? ['postgres' as const] : [])] as const;

function runFetchAudience(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, '--conditions=react-server', 'scripts/fetch-audience.ts', ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe.each(backends)('live updates and freshness over HTTP on %s', (backend) => {
  let soundcharts: SoundchartsServer;
  let app: SeededApp;

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts({ catalogue });
    app = await startSeededApp({ backend, trackCount: 3, env: { ADMIN_TOKEN, ...soundchartsEnv(soundcharts) } });
  });
  afterAll(async () => {
    await app?.close();
    await soundcharts?.close();
  });

  const url = (pathAndQuery: string) => `${app.server.url}${pathAndQuery}`;
  const events = (uuid: string) => url(`/soundcharts/audience/events/${uuid}/`);
  const chartPath = `/soundcharts/audience/chart/${track.uuid}/${firstPlatform}/`;
  const refresh = async (platform: string) => {
    const response = await fetch(url(`/soundcharts/audience/refresh/${track.uuid}/${platform}/`), {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
  };

  it('answers an unknown track with a JSON 404 and a malformed Last-Event-ID with a 400, neither kept by caches', async () => {
    const unknown = await fetch(events(UNKNOWN));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expect(await unknown.json()).toEqual({ success: false, error: `Track ${UNKNOWN} not found` });
    const malformed = await fetch(events(track.uuid), { headers: { 'last-event-id': 'yesterday' } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ success: false, error: expect.stringMatching(/^Invalid Last-Event-ID header: /) });
    const badAfter = await fetch(`${events(track.uuid)}?after=-1`);
    expect(badAfter.status).toBe(400);
  });

  it("sends the refresh made elsewhere to an open stream; after a forced disconnect, replays what it missed; the writer's next reply is fresh", async () => {
    const before = await fetch(url(chartPath));
    const etag = before.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    expect((await fetch(url(chartPath), { headers: { 'if-none-match': etag } })).status).toBe(304);

    const stream = await openEventStream(events(track.uuid));
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const otherStream = await openEventStream(events(other.uuid));
    await refresh(firstPlatform);
    const change = await stream.next('change');
    expect(JSON.parse(change.data)).toEqual({ id: Number(change.id), platform: firstPlatform, first_date: expect.any(String), last_date: null });
    // The writing process's next reply: a new version, so the old ETag no longer matches.
    const after = await fetch(url(chartPath), { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(stream.comments()).toContain('connected');

    stream.close();
    await refresh(secondPlatform);
    const resumed = await openEventStream(events(track.uuid), { 'last-event-id': change.id ?? '' });
    const missed = await resumed.next('change');
    expect(Number(missed.id)).toBeGreaterThan(Number(change.id));
    expect(JSON.parse(missed.data)).toMatchObject({ platform: secondPlatform });
    resumed.close();

    // A page rendered before the two refreshes gets both, oldest first, from `after`.
    const late = await openEventStream(`${events(track.uuid)}?after=${Number(change.id) - 1}`);
    expect((await late.next('change')).id).toBe(change.id);
    expect((await late.next('change')).id).toBe(missed.id);
    late.close();
    // Another track's stream heard nothing of these.
    await expect(otherStream.next('change', 500)).rejects.toThrow(/no change event/);
    otherStream.close();
  });

  // Two processes on one database: PostgreSQL only (a PGlite directory admits one process).
  if (backend === 'postgres') {
      it(
      `shows a write by another process (npm run fetch-audience) within ${CROSS_PROCESS_BOUND_MS} ms, and tells open streams`,
      async () => {
        const before = await fetch(url(chartPath));
        const etag = before.headers.get('etag') ?? '';
        const stream = await openEventStream(events(track.uuid));
        const cli = await runFetchAudience(['--track-uuid', track.uuid, '--platform', firstPlatform, '--force-refresh'], {
          DATABASE_URL: app.databaseUrl ?? '',
          ...soundchartsEnv(soundcharts),
        });
        expect(cli.code, cli.output).toBe(0);
        const written = Date.now();
        let seenAfter = Number.POSITIVE_INFINITY;
        while (Date.now() - written < CROSS_PROCESS_BOUND_MS + 2_000) {
          const reply = await fetch(url(chartPath), { headers: { 'if-none-match': etag } });
          if (reply.status === 200) {
            seenAfter = Date.now() - written;
            expect(reply.headers.get('etag')).not.toBe(etag);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(seenAfter).toBeLessThanOrEqual(Math.max(CROSS_PROCESS_BOUND_MS, VERSION_TRUSTED_FOR_MS));
        expect(JSON.parse((await stream.next('change')).data)).toMatchObject({ platform: firstPlatform });
        stream.close();
      },
    );
  }
});

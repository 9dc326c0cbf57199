import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { ADMIN_TOKEN, CRON_SECRET, bearer, useRouteTestEnv } from '@/test/route-env';
import { startTestSoundcharts } from '@/test/soundcharts';
import { POST } from './route';

async function call(body: string, headers: Record<string, string> = bearer(ADMIN_TOKEN)) {
  const response = await POST(new NextRequest('http://localhost/soundcharts/tracks/', { method: 'POST', headers, body }), {
    params: Promise.resolve({}),
  });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /soundcharts/tracks/', () => {
  let server: SoundchartsServer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    server = await startTestSoundcharts({ catalogue: demoCatalogue({ trackCount: 1 }) });
    cleanup = useRouteTestEnv(server.url);
  });
  afterAll(async () => {
    await cleanup?.();
    await server?.close();
  });

  it('needs the admin token', async () => {
    for (const headers of [{}, bearer(CRON_SECRET), bearer(`${ADMIN_TOKEN} `.trim() + '0')]) {
      const { response } = await call(JSON.stringify({ uuid: BAD_GUY_UUID }), headers);
      expect(response.status).toBe(401);
    }
    expect(server.requests.entries).toHaveLength(0);
  });

  it('imports a track with 201, then answers 200 for the same track', async () => {
    const created = await call(JSON.stringify({ uuid: BAD_GUY_UUID.toUpperCase() }));
    expect(created.response.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      created: true,
      track: {
        uuid: BAD_GUY_UUID,
        name: 'bad guy',
        credit_name: 'Billie Eilish',
        image_url: `${server.url}/images/${BAD_GUY_UUID}.svg`,
        release_date: '2019-03-29',
        isrc: 'USUM71900764',
        audience_fetched_at: null,
      },
    });
    const existing = await call(JSON.stringify({ uuid: BAD_GUY_UUID }));
    expect(existing.response.status).toBe(200);
    expect(existing.body).toMatchObject({ success: true, created: false, track: { uuid: BAD_GUY_UUID } });
  });

  it('answers 404 for a song SoundCharts does not know, and 400 for a bad body', async () => {
    const unknown = await call(JSON.stringify({ uuid: '00000000-1111-1222-8333-444444444444' }));
    expect(unknown.response.status).toBe(404);
    expect(unknown.body).toEqual({ success: false, error: 'Song 00000000-1111-1222-8333-444444444444 not found on SoundCharts' });
    for (const text of ['', '{"uuid": "nope"}', '{"id": "x"}', 'uuid=1']) {
      const { response, body } = await call(text);
      expect(response.status, text).toBe(400);
      expect(body.success).toBe(false);
    }
  });
});

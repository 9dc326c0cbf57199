import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { ingestRuns, platforms, scheduledTasks, tracks } from '@/db/schema';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { importTrack } from '@/lib/ingest/track-import';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { ADMIN_TOKEN, CRON_SECRET, bearer, useRouteTestEnv } from '@/test/route-env';
import { audienceRequests, startTestSoundcharts, testClient } from '@/test/soundcharts';
import { GET } from './route';

const catalogue = demoCatalogue({ trackCount: 3 });

async function call(headers: Record<string, string> = bearer(CRON_SECRET)) {
  const response = await GET(new NextRequest('http://localhost/api/cron/ingest', { headers }), { params: Promise.resolve({}) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/cron/ingest', () => {
  let server: SoundchartsServer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    server = await startTestSoundcharts({ catalogue });
    cleanup = useRouteTestEnv(server.url, { INGEST_DEFAULT_PLATFORMS: 'spotify', CRON_BUDGET_MS: '30000', SOUNDCHARTS_TIMEOUT_MS: '10000' });
    const db = await getDb();
    for (const track of catalogue) await importTrack({ db, client: testClient(server) }, track.uuid);
    server.requests.clear();
  });
  afterAll(async () => {
    await cleanup?.();
    await server?.close();
  });

  it('needs the cron secret', async () => {
    for (const headers of [{}, bearer(ADMIN_TOKEN), bearer(`${CRON_SECRET}x`)]) {
      expect((await call(headers)).response.status).toBe(401);
    }
    expect(audienceRequests(server)).toHaveLength(0);
  });

  it('refreshes stale pairs, and overlapping calls do each pair once', async () => {
    const [first, second] = await Promise.all([call(), call()]);
    expect(first.response.status).toBe(200);
    expect(second.response.status).toBe(200);
    // A pair both calls picked is done by one; the other waits for it and reports it as joined.
    const own = (body: Record<string, unknown>) => Number(body.succeeded) - Number(body.joined);
    expect(own(first.body) + own(second.body)).toBe(catalogue.length);
    expect(Number(first.body.failed) + Number(second.body.failed)).toBe(0);
    expect(first.body).toMatchObject({ success: true, more: false, not_started: 0, failures: [] });
    // A year asked whole, four pages of 100 days per pair, once per pair whichever call did the work.
    expect(audienceRequests(server)).toHaveLength(catalogue.length * 4);
    const db = await getDb();
    const runs = await db.select().from(ingestRuns);
    expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(catalogue.length);
    expect(runs.every((run) => run.trigger === 'cron')).toBe(true);

    server.requests.clear();
    const next = await call();
    expect(next.body).toMatchObject({ success: true, pairs: 0, succeeded: 0, more: false });
    expect(audienceRequests(server)).toHaveLength(0);
  });

  it('reports a failed pair in the summary and does not retry it on every call', async () => {
    const ghost = '00000000-1111-1222-8333-444444444444';
    await (await getDb()).insert(tracks).values({ uuid: ghost, name: 'Not on SoundCharts' });
    const { body } = await call();
    expect(body).toEqual({
      success: true,
      pairs: 1,
      succeeded: 0,
      joined: 0,
      skipped: 0,
      failed: 1,
      not_started: 0,
      records_created: 0,
      records_updated: 0,
      records_skipped: 0,
      elapsed_ms: expect.any(Number),
      more: false,
      failures: [{ track_uuid: ghost, platform_slug: 'spotify', code: 'not_found', error: `Song ${ghost} not found on SoundCharts` }],
    });
    expect((await call()).body).toMatchObject({ pairs: 0, failed: 0 });
  });

  it('prunes once a day: old runs removed by the first call, and not looked for again by the next', async () => {
    const db = await getDb();
    const [track] = await db.select().from(tracks).limit(1);
    const [platform] = await db.select().from(platforms).limit(1);
    const oldRun = () => ({
      trackId: track?.id as number,
      platformId: platform?.id as number,
      trigger: 'cron' as const,
      status: 'succeeded' as const,
      startedAt: new Date(Date.now() - 200 * 86_400_000),
      leaseExpiresAt: new Date(Date.now() - 200 * 86_400_000),
    });
    const [removed] = await db.insert(ingestRuns).values(oldRun()).returning({ id: ingestRuns.id });
    // The calls above pruned today already (nothing was old then): a day has passed.
    expect(await db.select().from(scheduledTasks)).toHaveLength(1);
    await db.delete(scheduledTasks);
    expect((await call()).response.status).toBe(200);
    expect(await db.select().from(ingestRuns).where(eq(ingestRuns.id, removed?.id as number))).toEqual([]);
    const [task] = await db.select().from(scheduledTasks).where(eq(scheduledTasks.name, 'prune'));
    expect(task?.lastCompletedAt).toBeInstanceOf(Date);

    const [kept] = await db.insert(ingestRuns).values(oldRun()).returning({ id: ingestRuns.id });
    expect((await call()).response.status).toBe(200);
    expect(await db.select().from(ingestRuns).where(eq(ingestRuns.id, kept?.id as number))).toHaveLength(1);
  });
});

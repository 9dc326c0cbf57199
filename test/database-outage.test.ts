import { setTimeout as sleep } from 'node:timers/promises';
import { and, asc, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openDatabase } from '@/db/client';
import { ingestRuns, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { VERSION_TRUSTED_FOR_MS } from '@/lib/live/versions';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { startNextServer } from './next-server';
import type { RunningServer } from '@/scripts/server-process';
import { databaseUrl, privatePostgresAvailable, startPrivatePostgres } from './private-postgres';
import type { PrivatePostgres } from './private-postgres';
import { SEED_END_DATE } from './seeded-app';
import { soundchartsEnv, startTestSoundcharts } from './soundcharts';

type Reply = { sentAt: number; ms: number; status: number; body: string; retryAfter: string | null };

const ROUTES = [
  `/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?limit=30`,
  `/soundcharts/audience/chart/${BAD_GUY_UUID}/?platforms=spotify,youtube&limit=30`,
];
const FAIL_FAST_MS = 2_500;
const UNAVAILABLE = { success: false, error: 'The database is unavailable; try again shortly' };
const ADMIN_TOKEN = 'database-outage-admin-token-0123456789';
const REFRESH = `/soundcharts/audience/refresh/${BAD_GUY_UUID}/spotify/`;
const AUDIENCE = `/audience/spotify`;

/** Keeps `connections` requests in flight until stopped, recording every reply. */
function load(url: string, connections: number): { replies: Reply[]; stop: () => Promise<void> } {
  const replies: Reply[] = [];
  let running = true;
  const loop = async (index: number): Promise<void> => {
    for (let call = index; running; call += 1) {
      const sentAt = Date.now();
      try {
        const response = await fetch(`${url}${ROUTES[call % ROUTES.length]}`, { signal: AbortSignal.timeout(15_000) });
        const body = await response.text();
        replies.push({ sentAt, ms: Date.now() - sentAt, status: response.status, body, retryAfter: response.headers.get('retry-after') });
      } catch (error) {
        replies.push({ sentAt, ms: Date.now() - sentAt, status: 0, body: String(error), retryAfter: null });
      }
    }
  };
  const loops = Array.from({ length: connections }, (_, index) => loop(index));
  return {
    replies,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe.skipIf(!privatePostgresAvailable)('the app while its PostgreSQL goes away and comes back', () => {
  let pg: PrivatePostgres;
  let app: RunningServer;
  let appDatabaseUrl: string;
  let soundcharts: SoundchartsServer;

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    pg = await startPrivatePostgres();
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin`create database audience`;
    await admin.end();
    appDatabaseUrl = databaseUrl(pg.url, 'audience');
    await migratePostgres({ kind: 'postgres', url: appDatabaseUrl });
    const handle = await openDatabase({ kind: 'postgres', url: appDatabaseUrl });
    await seedDemoCatalogue(handle.db, { trackCount: 3, endDate: SEED_END_DATE });
    await handle.close();
    app = await startNextServer({
      DATABASE_URL: appDatabaseUrl,
      ADMIN_TOKEN,
      ...soundchartsEnv(soundcharts),
      INGEST_LEASE_MS: '3000',
    });
    // Warm: the first requests of a fresh server are slow, and the load below measures a warm one.
    for (const route of ROUTES) expect((await fetch(`${app.url}${route}`)).status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await pg?.destroy();
    await soundcharts?.close();
  });

  it.each(['fast', 'immediate'] as const)(
    'answers 503 fast while PostgreSQL is down (%s shutdown), and 200 again once it is back',
    async (mode) => {
      const traffic = load(app.url, 8);
      await sleep(1_000);
      const warmUntil = Date.now() + 10_000;
      while (traffic.replies.length < 20 && Date.now() < warmUntil) await sleep(100);
      const stoppedAt = Date.now();
      await pg.stop(mode);
      const downAt = Date.now();
      await sleep(4_000);
      const restartAt = Date.now();
      await pg.start();
      const upAt = Date.now();
      await sleep(3_000);
      await traffic.stop();

      const replies = traffic.replies;
      if (process.env.OUTAGE_DEBUG) {
        console.log(`stop ${stoppedAt - replies[0]!.sentAt} down ${downAt - replies[0]!.sentAt} restart ${restartAt - replies[0]!.sentAt} up ${upAt - replies[0]!.sentAt}`);
        console.log(replies.map((reply) => `${reply.sentAt - replies[0]!.sentAt}+${reply.ms}:${reply.status}:${reply.body.slice(0, 80)}`).join('\n'));
      }
      const before = replies.filter((reply) => reply.sentAt + reply.ms < stoppedAt);
      const down = replies.filter((reply) => reply.sentAt >= downAt && reply.sentAt + reply.ms < restartAt);
      const settled = replies.filter((reply) => reply.sentAt >= upAt + 1_000);
      const summary = `${before.length} before, ${down.length} while down, ${settled.length} after`;

      expect(before.length, summary).toBeGreaterThan(10);
      expect(before.every((reply) => reply.status === 200), summary).toBe(true);

      // While down: every request is refused quickly with a 503 that says why and when to retry; except
      // that a reply already built, for versions known less than VERSION_TRUSTED_FOR_MS before, comes from
      // the reply cache (lib/live/versions.ts): the data cannot have changed with the database away.
      expect(down.length, summary).toBeGreaterThan(20);
      const builtBefore = new Set(before.map((reply) => reply.body));
      for (const reply of down) {
        if (reply.status === 200 && reply.sentAt < stoppedAt + VERSION_TRUSTED_FOR_MS) {
          expect(builtBefore.has(reply.body)).toBe(true);
          continue;
        }
        expect(reply.status).toBe(503);
        expect(JSON.parse(reply.body)).toEqual(UNAVAILABLE);
        expect(reply.retryAfter).toBe('5');
        expect(reply.ms).toBeLessThan(FAIL_FAST_MS);
      }

      // Around the switch-over the only answers are 200 or the same 503, never a 500 or a hang.
      for (const reply of replies) {
        expect([200, 503]).toContain(reply.status);
        expect(reply.ms).toBeLessThan(FAIL_FAST_MS + 5_000);
        if (reply.status === 503) expect(JSON.parse(reply.body)).toEqual(UNAVAILABLE);
      }

      // Back: the same app process answers again, without a restart.
      expect(settled.length, summary).toBeGreaterThan(10);
      expect(settled.every((reply) => reply.status === 200), summary).toBe(true);
      expect(app.process.exitCode).toBeNull();
      expect(app.output()).not.toContain('unhandled error');
    },
  );
  it('GET /api/health says whether the database answers: 200, 503 with Retry-After while it is down, 200 again', async () => {
    const health = async () => {
      const response = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(FAIL_FAST_MS + 5_000) });
      return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
    };
    expect(await health()).toEqual({ status: 200, body: expect.objectContaining({ ok: true }), retryAfter: null });
    await pg.stop('fast');
    expect(await health()).toEqual({ status: 503, body: { ok: false, error: 'The database is unavailable' }, retryAfter: '5' });
    await pg.start();
    const deadline = Date.now() + 10_000;
    let last = await health();
    while (last.status !== 200 && Date.now() < deadline) {
      await sleep(200);
      last = await health();
    }
    expect(last).toEqual({ status: 200, body: expect.objectContaining({ ok: true }), retryAfter: null });
  });

  const refresh = async (): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${app.url}${REFRESH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      // The whole history, so that the restated value 30 days back is fetched again and the third page exists.
      body: '{"full_history": true}',
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: await response.text() };
  };

  async function withDatabase<T>(run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
    const handle = await openDatabase({ kind: 'postgres', url: appDatabaseUrl, max: 1 });
    try {
      return await run(handle.db);
    } finally {
      await handle.close();
    }
  }

  const storedSeries = (db: Awaited<ReturnType<typeof openDatabase>>['db']) =>
    db
      .select({ date: series.date, value: series.audienceValue })
      .from(series)
      .innerJoin(tracks, eq(tracks.id, series.trackId))
      .innerJoin(platforms, eq(platforms.id, series.platformId))
      .where(and(eq(tracks.uuid, BAD_GUY_UUID), eq(platforms.slug, 'spotify')))
      .orderBy(asc(series.date));

  it.each(['fetching', 'writing'] as const)(
    'an ingest run %s when PostgreSQL goes away stores nothing partial, and the next refresh completes once it is back',
    async (stage) => {
      expect((await refresh()).status).toBe(200);
      // One value restated, so that a refresh that stored anything at all would show.
      const before = await withDatabase(async (db) => {
        const restated = (await storedSeries(db)).at(-30);
        await db.execute(sql`update track_audience_time_series set audience_value = audience_value + 1
          where date = ${restated?.date ?? ''} and platform_id = (select id from platforms where slug = 'spotify')
          and track_id = (select id from tracks where uuid = ${BAD_GUY_UUID})`);
        return storedSeries(db);
      });

      soundcharts.requests.clear();
      let blocker: postgres.Sql | undefined;
      let locked: Promise<unknown> = Promise.resolve();
      if (stage === 'fetching') {
        // Two pages answer, the third is slow: PostgreSQL goes down while the series is being fetched.
        soundcharts.faults.add({ kind: 'delay', ms: 0, path: AUDIENCE, times: 2 }, { kind: 'delay', ms: 3_000, path: AUDIENCE, times: 1 });
      } else {
        // Holding the track's row stops the run's transaction at its last statement, after it wrote the series.
        blocker = postgres(appDatabaseUrl, { max: 1, onnotice: () => {} });
        let held: () => void = () => {};
        const isHeld = new Promise<void>((resolve) => (held = resolve));
        locked = blocker
          .begin(async (tx) => {
            await tx`select id from tracks where uuid = ${BAD_GUY_UUID} for no key update`;
            held();
            await new Promise(() => {});
          })
          .catch(() => undefined);
        await isHeld;
      }
      const inFlight = refresh();
      if (stage === 'fetching') {
        while (soundcharts.requests.matching(AUDIENCE).length < 3) await sleep(20);
      } else {
        const observer = postgres(appDatabaseUrl, { max: 1, onnotice: () => {} });
        try {
          for (;;) {
            const waiting = await observer`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'update "tracks"%'`;
            if (waiting.length > 0) break;
            await sleep(20);
          }
        } finally {
          await observer.end();
        }
      }
      await pg.stop('immediate');
      const failed = await inFlight;
      expect(failed.status, failed.body).toBe(503);
      expect(JSON.parse(failed.body)).toEqual(UNAVAILABLE);
      await locked;
      await blocker?.end({ timeout: 1 });
      await pg.start();

      await withDatabase(async (db) => {
        expect(await storedSeries(db)).toEqual(before);
      });
      soundcharts.faults.clear();
      // The run that lost its database is still marked running: its lease (3 s) runs out, and the next refresh takes over.
      const next = await refresh();
      expect(next.status, next.body).toBe(200);
      expect(JSON.parse(next.body)).toMatchObject({ success: true, status: 'succeeded', records_updated: 1, records_created: 0 });
      await withDatabase(async (db) => {
        const after = await storedSeries(db);
        expect(after).toHaveLength(before.length);
        expect(after.filter((row, index) => row.value !== before[index]?.value)).toHaveLength(1);
        const [counts] = await db
          .select({ rows: sql<number>`count(*)::int`, keys: sql<number>`count(distinct (${series.trackId}, ${series.platformId}, ${series.date}))::int` })
          .from(series);
        expect(counts?.rows).toBe(counts?.keys);
        expect(await db.select().from(ingestRuns).where(eq(ingestRuns.status, 'running'))).toHaveLength(0);
      });
      expect(app.process.exitCode).toBeNull();
      expect(app.output()).not.toContain('unhandled error');
    },
    120_000,
  );
});

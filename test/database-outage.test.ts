import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { migratePostgres } from '@/db/migrate';
import { BAD_GUY_UUID } from '@/lib/demo-catalogue';
import { seedDemoCatalogue } from '@/lib/demo-seed';
import { startNextServer } from './next-server';
import type { RunningServer } from './next-server';
import { databaseUrl, startPrivatePostgres } from './private-postgres';
import type { PrivatePostgres } from './private-postgres';
import { SEED_END_DATE } from './seeded-app';

type Reply = { sentAt: number; ms: number; status: number; body: string; retryAfter: string | null };

const ROUTES = [
  `/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?limit=30`,
  `/soundcharts/audience/chart/${BAD_GUY_UUID}/?platforms=spotify,youtube&limit=30`,
];
const FAIL_FAST_MS = 2_500;
const UNAVAILABLE = { success: false, error: 'The database is unavailable; try again shortly' };

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

describe('the app while its PostgreSQL goes away and comes back', () => {
  let pg: PrivatePostgres;
  let app: RunningServer;
  let appDatabaseUrl: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin`create database audience`;
    await admin.end();
    appDatabaseUrl = databaseUrl(pg.url, 'audience');
    await migratePostgres({ kind: 'postgres', url: appDatabaseUrl });
    const handle = await openDatabase({ kind: 'postgres', url: appDatabaseUrl });
    await seedDemoCatalogue(handle.db, { trackCount: 3, endDate: SEED_END_DATE });
    await handle.close();
    app = await startNextServer({ DATABASE_URL: appDatabaseUrl });
  });
  afterAll(async () => {
    await app?.close();
    await pg?.destroy();
  });

  it.each(['fast', 'immediate'] as const)(
    'answers 503 fast while PostgreSQL is down (%s shutdown), and 200 again once it is back',
    async (mode) => {
      const traffic = load(app.url, 8);
      await sleep(1_000);
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

      // While down: every request is refused quickly with a 503 that says why and when to retry.
      expect(down.length, summary).toBeGreaterThan(20);
      for (const reply of down) {
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
});

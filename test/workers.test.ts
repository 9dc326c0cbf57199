import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import type { Database } from '@/db/client';
import { ingestPairState, ingestRuns, tracks } from '@/db/schema';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { soundchartsEnv, startTestSoundcharts } from './soundcharts';

const root = path.resolve(import.meta.dirname, '..');
const catalogue = demoCatalogue({ trackCount: 16 });
const RATE_PER_MINUTE = 300;
const SPACING_MS = 60_000 / RATE_PER_MINUTE;
const LEASE_MS = 4_000;

type Worker = { child: ChildProcess; exited: Promise<number | null>; output: () => string };

/** `npm run worker` in a process of its own: 60 days of history is one call per pair. */
function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      // Each line written at once: the test reads which worker started which pair.
      LOG_SYNC: 'true',
      AUDIENCE_HISTORY_DAYS: '60',
      INGEST_DEFAULT_PLATFORMS: 'spotify',
      INGEST_LEASE_MS: String(LEASE_MS),
      SOUNDCHARTS_RATE_LIMIT_PER_MINUTE: String(RATE_PER_MINUTE),
      SOUNDCHARTS_TIMEOUT_MS: '120000',
      WORKER_IDLE_MS: '300',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const audiencePath = (uuid: string): string => `/song/${uuid}/audience/spotify`;

/** Audience replies per track: every status the server answered, in arrival order (0: the client went away). */
function repliesByTrack(server: SoundchartsServer, uuids: readonly string[]): Map<string, number[]> {
  return new Map(uuids.map((uuid) => [uuid, server.requests.matching(audiencePath(uuid)).map((entry) => entry.status)]));
}

/** Tracks added once every worker is up, so that a worker slow to start on a loaded machine still gets its share. */
async function seedTracksOnceStarted(db: Database, count: number, started: readonly Worker[]): Promise<string[]> {
  await until('the workers started', () => started.every((worker) => worker.output().includes('worker started')));
  return seedTracks(db, count);
}

async function seedTracks(db: Database, count: number): Promise<string[]> {
  const chosen = catalogue.slice(0, count);
  await db.insert(tracks).values(chosen.map((track) => ({ uuid: track.uuid, name: track.name })));
  return chosen.map((track) => track.uuid);
}

async function succeededPairs(db: Database): Promise<number> {
  return (await db.select().from(ingestPairState).where(eq(ingestPairState.lastStatus, 'succeeded'))).length;
}

async function stopAll(workers: readonly Worker[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  const codes = await Promise.all(workers.map((worker) => worker.exited));
  codes.forEach((code, index) => expect(code, workers[index]?.output()).toBe(0));
}

describe.runIf(process.env.DATABASE_URL)('several workers on one PostgreSQL', () => {
  let soundcharts: SoundchartsServer;
  let fresh: { url: string; drop: () => Promise<void> };
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  let workers: Worker[] = [];

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts({ catalogue, ratePerMinute: RATE_PER_MINUTE });
  });
  afterAll(async () => {
    await soundcharts?.close();
  });
  afterEach(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    workers = [];
    soundcharts.faults.clear();
    await handle?.close();
    await fresh?.drop();
  });

  async function freshDatabase(): Promise<Database> {
    fresh = await createFreshPostgres(process.env.DATABASE_URL as string);
    handle = await openDatabase({ kind: 'postgres', url: fresh.url, max: 2 });
    soundcharts.requests.clear();
    return handle.db;
  }

  it('two workers fetch every pair exactly once, together under the rate limit, and a 429 pauses both', async () => {
    const db = await freshDatabase();
    // The third track's first call is refused by the per-minute limit, for 3 seconds.
    soundcharts.faults.add({ kind: 'rate_limit', resetSeconds: 3, path: audiencePath(catalogue[2]?.uuid as string) });
    const env = { ...soundchartsEnv(soundcharts), DATABASE_URL: fresh.url, INGEST_CONCURRENCY: '3' };
    workers = [startWorker(env), startWorker(env)];
    const uuids = await seedTracksOnceStarted(db, 16, workers);
    await until('every pair fetched', async () => (await succeededPairs(db)) === uuids.length);
    await stopAll(workers);

    const replies = repliesByTrack(soundcharts, uuids);
    for (const uuid of uuids) expect(replies.get(uuid), uuid).toEqual(uuid === uuids[2] ? [429, 200] : [200]);
    // Both took part: each started runs of its own.
    const byWorker = new Set((await db.select({ requestId: ingestRuns.requestId }).from(ingestRuns)).map((run) => run.requestId));
    expect(byWorker.size).toBe(2);

    // Every request of both, usage included, one spacing apart at least (less a spacing for the
    // first request's own delay between its slot and its arrival), outside the 429's pause.
    const arrivals = soundcharts.requests.entries.map((entry) => entry.at).sort((a, b) => a - b);
    const refusedAt = soundcharts.requests.entries.find((entry) => entry.status === 429)?.at as number;
    const beforePause = arrivals.filter((at) => at < refusedAt + 1_000);
    const afterPause = arrivals.filter((at) => at >= refusedAt + 3_000);
    expect(beforePause.length + afterPause.length, 'no request during the pause').toBe(arrivals.length);
    for (const part of [beforePause, afterPause].filter((list) => list.length > 2)) {
      const span = (part.at(-1) as number) - (part[0] as number);
      expect(span).toBeGreaterThanOrEqual((part.length - 2) * SPACING_MS);
    }
  }, 90_000);

  it('four workers: one killed with SIGKILL mid-fetch loses nothing, and the others take its pair over once its lease ran out', async () => {
    const db = await freshDatabase();
    const victimTrack = catalogue[0]?.uuid as string;
    let releaseHold: (value: unknown) => void = () => {};
    const held = new Promise((resolve) => (releaseHold = resolve));
    soundcharts.faults.add({ kind: 'hold', until: held, path: audiencePath(victimTrack) });
    // One pair at a time each: the killed worker holds only the held pair.
    const env = { ...soundchartsEnv(soundcharts), DATABASE_URL: fresh.url, INGEST_CONCURRENCY: '1' };
    workers = [startWorker(env), startWorker(env), startWorker(env), startWorker(env)];
    const uuids = await seedTracksOnceStarted(db, 12, workers);
    await until('the held request', () => soundcharts.requests.matching(audiencePath(victimTrack)).length === 1);
    const victim = workers.find((worker) => worker.output().includes(victimTrack)) as Worker;
    expect(victim).toBeDefined();
    victim.child.kill('SIGKILL');
    await victim.exited;
    releaseHold(undefined);

    await until('every pair fetched', async () => (await succeededPairs(db)) === uuids.length);
    await stopAll(workers.filter((worker) => worker !== victim));

    const replies = repliesByTrack(soundcharts, uuids);
    for (const uuid of uuids) expect(replies.get(uuid), uuid).toEqual(uuid === victimTrack ? [0, 200] : [200]);
    const [victimTrackRow] = await db.select().from(tracks).where(eq(tracks.uuid, victimTrack));
    const runs = await db
      .select()
      .from(ingestRuns)
      .where(eq(ingestRuns.trackId, victimTrackRow?.id as number))
      .orderBy(asc(ingestRuns.id));
    expect(runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]?.error).toMatch(/lease expired/);
    expect(runs[1]?.requestId).not.toBe(runs[0]?.requestId);
    expect(runs[1]?.recordsCreated).toBeGreaterThan(0);
  }, 90_000);

  it('SIGTERM: a worker releases the pair it cannot finish within its grace period and exits 0; another takes it at once', async () => {
    const db = await freshDatabase();
    const uuids = await seedTracks(db, 2);
    let releaseHold: (value: unknown) => void = () => {};
    const held = new Promise((resolve) => (releaseHold = resolve));
    soundcharts.faults.add({ kind: 'hold', until: held, path: audiencePath(uuids[0] as string) });
    // A lease far longer than the test: only the release lets another worker in.
    const env = { ...soundchartsEnv(soundcharts), DATABASE_URL: fresh.url, INGEST_CONCURRENCY: '1', INGEST_LEASE_MS: '600000' };
    const first = startWorker({ ...env, WORKER_SHUTDOWN_GRACE_MS: '300' });
    workers = [first];
    await until('the held request', () => soundcharts.requests.matching(audiencePath(uuids[0] as string)).length === 1);
    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    releaseHold(undefined);
    const [released] = await db.select().from(ingestRuns).orderBy(asc(ingestRuns.id)).limit(1);
    expect(released).toMatchObject({ status: 'failed', error: expect.stringMatching(/Released/) });

    const second = startWorker(env);
    workers.push(second);
    await until('every pair fetched', async () => (await succeededPairs(db)) === uuids.length);
    await stopAll([second]);
    expect(repliesByTrack(soundcharts, uuids).get(uuids[0] as string)).toEqual([0, 200]);
  }, 90_000);
});

describe('one worker on PGlite', () => {
  it('fetches every pair, and SIGTERM stops it with exit code 0', async () => {
    const soundcharts = await startTestSoundcharts({ catalogue });
    const parent = mkdtempSync(path.join(tmpdir(), 'audience-worker-'));
    const dir = path.join(parent, 'pglite');
    try {
      const seeding = await openDatabase({ kind: 'pglite', dir });
      const uuids = await seedTracks(seeding.db, 4);
      await seeding.close();
      soundcharts.requests.clear();
      const worker = startWorker({ ...soundchartsEnv(soundcharts), DATABASE_URL: '', PGLITE_DIR: dir });
      // The worker holds the database; the server's log tells when it is done.
      await until('every pair fetched', () => uuids.every((uuid) => soundcharts.requests.matching(audiencePath(uuid)).length === 1));
      await until('the last pair stored', () => worker.output().split('ingest run finished').length - 1 === uuids.length);
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);

      const after = await openDatabase({ kind: 'pglite', dir });
      try {
        expect(await succeededPairs(after.db)).toBe(uuids.length);
      } finally {
        await after.close();
      }
      for (const statuses of repliesByTrack(soundcharts, uuids).values()) expect(statuses).toEqual([200]);
    } finally {
      await soundcharts.close();
      rmSync(parent, { recursive: true, force: true });
    }
  }, 90_000);
});

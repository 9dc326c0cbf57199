import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, asc, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import type { Database, DatabaseHandle } from '@/db/client';
import { ingestRuns, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { processAndStoreAudienceData } from '@/lib/ingest/processor';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { todayUtc } from '@/lib/dates';
import { importTrack } from '@/lib/ingest/track-import';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { soundchartsEnv, startTestSoundcharts, testClient } from './soundcharts';

const root = path.resolve(import.meta.dirname, '..');
const catalogue = demoCatalogue({ trackCount: 1, platformsPerTrack: 3 });
const track = catalogue[0] as CatalogueTrack;
const AUDIENCE = '/audience/spotify';
const LEASE_MS = 3_000;

type Cli = { child: ChildProcess; exited: Promise<number | null>; output: () => string };

/** The fetch-audience command as `npm run fetch-audience` runs it, in one process (so that kill -9 hits the one doing the work). */
function fetchAudience(env: Record<string, string>, args: string[]): Cli {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/fetch-audience.ts', ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', INGEST_LEASE_MS: String(LEASE_MS), SOUNDCHARTS_TIMEOUT_MS: '120000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function storedSeries(db: Database) {
  return db
    .select({ date: series.date, value: series.audienceValue })
    .from(series)
    .innerJoin(tracks, eq(tracks.id, series.trackId))
    .innerJoin(platforms, eq(platforms.id, series.platformId))
    .where(and(eq(tracks.uuid, track.uuid), eq(platforms.slug, 'spotify')))
    .orderBy(asc(series.date));
}

type Backend = {
  name: string;
  env: Record<string, string>;
  open: () => Promise<DatabaseHandle>;
  cleanup: () => Promise<void>;
  /** PostgreSQL only: a URL the test may use while the command runs. */
  url: string | undefined;
};

async function pgliteBackend(): Promise<Backend> {
  const parent = mkdtempSync(path.join(tmpdir(), 'audience-crash-'));
  const dir = path.join(parent, 'pglite');
  return {
    name: 'pglite',
    env: { DATABASE_URL: '', PGLITE_DIR: dir },
    open: () => openDatabase({ kind: 'pglite', dir }),
    cleanup: async () => rmSync(parent, { recursive: true, force: true }),
    url: undefined,
  };
}

async function postgresBackend(serverUrl: string): Promise<Backend> {
  const fresh = await createFreshPostgres(serverUrl);
  return {
    name: 'postgres',
    env: { DATABASE_URL: fresh.url },
    open: () => openDatabase({ kind: 'postgres', url: fresh.url, max: 2 }),
    cleanup: fresh.drop,
    url: fresh.url,
  };
}

const backends: Array<[string, () => Promise<Backend>]> = [['pglite', pgliteBackend]];
if (process.env.DATABASE_URL) backends.push(['postgres', () => postgresBackend(process.env.DATABASE_URL as string)]);

describe.each(backends)('kill -9 of the fetch-audience command in the middle of a series, on %s', (_name, makeBackend) => {
  let backend: Backend;
  let soundcharts: SoundchartsServer;
  let before: Array<{ date: string; value: number }>;
  let soundchartsSettings: Record<string, string>;
  const args = ['--track-uuid', track.uuid, '--platform', 'spotify', '--full-history', '--json'];

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts({ catalogue });
    soundchartsSettings = soundchartsEnv(soundcharts);
    backend = await makeBackend();
  });
  afterAll(async () => {
    await backend?.cleanup();
    await soundcharts?.close();
  });

  /** A stored series, one value of it restated, so that a refresh that stored anything (or all) shows. */
  async function seed(): Promise<void> {
    const handle = await backend.open();
    try {
      await handle.db.execute(sql`truncate track_audience_time_series, ingest_runs, ingest_pair_state, tracks restart identity cascade`);
      const deps = { db: handle.db, client: testClient(soundcharts), historyDays: 365 };
      await importTrack(deps, track.uuid);
      await processAndStoreAudienceData(deps, track.uuid, 'spotify');
      const stored = await storedSeries(handle.db);
      const restated = stored[100];
      if (!restated) throw new Error('no data');
      await handle.db.update(series).set({ audienceValue: restated.value + 1 }).where(eq(series.date, restated.date));
      before = await storedSeries(handle.db);
    } finally {
      await handle.close();
    }
  }

  async function expectNextRunCompletes(): Promise<void> {
    soundcharts.faults.clear();
    const started = Date.now();
    const next = fetchAudience({ ...backend.env, ...soundchartsSettings }, args);
    const code = await next.exited;
    expect(code, next.output()).toBe(0);
    const result = JSON.parse(next.output()) as { results: Array<{ status: string; recordsUpdated: number }> };
    expect(result.results).toMatchObject([{ status: 'succeeded', recordsUpdated: 1 }]);
    // It waited for the dead run's lease to run out, and no longer than that needs.
    expect(Date.now() - started).toBeLessThan(LEASE_MS + 20_000);

    const handle = await backend.open();
    try {
      const want = demoSeries(track, 'spotify', todayUtc()).filter((point) => point.date >= (before[0]?.date ?? ''));
      expect(await storedSeries(handle.db)).toEqual(want.map((point) => ({ date: point.date, value: point.value })));
      const runs = await handle.db.select().from(ingestRuns).orderBy(asc(ingestRuns.id));
      expect(runs.map((run) => run.status)).toEqual(['succeeded', 'failed', 'succeeded']);
      expect(runs[1]?.error).toMatch(/lease expired/);
      expect(runs[2]?.trigger).toBe('cli');
    } finally {
      await handle.close();
    }
  }

  it('killed while fetching: nothing of the series changed, and the next run takes over the lock once its lease ran out and completes', async () => {
    await seed();
    soundcharts.requests.clear();
    // Two pages answer, the third hangs: the command dies with part of the series fetched.
    soundcharts.faults.add({ kind: 'delay', ms: 0, path: AUDIENCE, times: 2 }, { kind: 'delay', ms: 120_000, path: AUDIENCE, times: 1 });
    const cli = fetchAudience({ ...backend.env, ...soundchartsSettings }, args);
    await until('the third audience request', () => soundcharts.requests.matching(AUDIENCE).length >= 3 || cli.child.exitCode !== null);
    expect(cli.child.exitCode, cli.output()).toBeNull();
    cli.child.kill('SIGKILL');
    expect(await cli.exited).toBeNull();

    const handle = await backend.open();
    try {
      expect(await storedSeries(handle.db)).toEqual(before);
      const running = await handle.db.select().from(ingestRuns).where(eq(ingestRuns.status, 'running'));
      expect(running).toHaveLength(1);
    } finally {
      await handle.close();
    }
    await expectNextRunCompletes();
  }, 180_000);

  it('killed inside its write transaction (PostgreSQL): the uncommitted rows are rolled back, the next run completes', async () => {
    if (!backend.url) {
      // PGlite runs inside the command's own process: a transaction cannot be held open from outside.
      expect(backend.name).toBe('pglite');
      return;
    }
    await seed();
    // Holding the track's row makes the command's transaction stop at its last statement, after it
    // has written the series rows, run record and pair state: that is where it is killed.
    const blocker = postgres(backend.url, { max: 1, onnotice: () => {} });
    const observer = postgres(backend.url, { max: 1, onnotice: () => {} });
    try {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => {};
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const transaction = blocker.begin(async (tx) => {
        // No key update: the command's foreign-key checks (key share) pass, its update of the track waits.
        await tx`select id from tracks where uuid = ${track.uuid} for no key update`;
        locked();
        await held;
        throw new Error('roll back the blocker');
      }).catch(() => undefined);
      await isLocked;

      const cli = fetchAudience({ ...backend.env, ...soundchartsSettings }, args);
      let waiting: number | undefined;
      await until('the command blocked inside its transaction', async () => {
        const rows = await observer<{ pid: number }[]>`
          select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update "tracks"%'`;
        waiting = rows[0]?.pid;
        return waiting !== undefined || cli.child.exitCode !== null;
      });
      expect(cli.child.exitCode, cli.output()).toBeNull();
      // Its uncommitted rows are there, invisible to everyone else.
      const [{ count: pendingRuns } = { count: 0 }] = await observer<{ count: number }[]>`
        select count(*)::int as count from ingest_runs where status = 'succeeded'`;
      expect(pendingRuns).toBe(1);
      cli.child.kill('SIGKILL');
      expect(await cli.exited).toBeNull();
      release();
      await transaction;
      await until('the dead client session to end', async () => {
        const rows = await observer`select 1 from pg_stat_activity where pid = ${waiting ?? 0}`;
        return rows.length === 0;
      });
    } finally {
      await blocker.end();
      await observer.end();
    }

    const handle = await backend.open();
    try {
      expect(await storedSeries(handle.db)).toEqual(before);
      expect((await handle.db.select().from(ingestRuns).orderBy(asc(ingestRuns.id))).map((run) => run.status)).toEqual(['succeeded', 'running']);
    } finally {
      await handle.close();
    }
    await expectNextRunCompletes();
  }, 180_000);
});

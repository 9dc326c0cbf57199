import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import type { Database, DatabaseHandle } from '@/db/client';
import { ingestRuns, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { importTrack } from '@/lib/ingest/track-import';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { billedCalls, soundchartsEnv, startTestSoundcharts, testClient } from '@/test/soundcharts';
import { parseFetchAudienceArgs } from './fetch-audience-args';
import { UsageError } from './usage-error';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const catalogue = demoCatalogue({ trackCount: 3, platformsPerTrack: 3 });
// The fourth is on SoundCharts but not in the database until the command line imports it.
const [badGuy, second, third, fourth] = catalogue.map((track) => track.uuid) as [string, string, string, string];
const ghost = '00000000-1111-1222-8333-444444444444';

type CliRun = { code: number | null; stdout: string; stderr: string };

function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, '--conditions=react-server', 'scripts/fetch-audience.ts', ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type CliTarget = {
  name: string;
  env: () => Record<string, string>;
  /** The database the CLI uses, opened for the test while the CLI is not running (PGlite allows one process). */
  withDb: <T>(use: (db: Database) => Promise<T>) => Promise<T>;
  setUp: () => Promise<void>;
  tearDown: () => Promise<void>;
};

function pgliteTarget(): CliTarget {
  let dir = '';
  return {
    name: 'pglite',
    env: () => ({ DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite') }),
    withDb: async (use) => {
      const handle = await openDatabase({ kind: 'pglite', dir: path.join(dir, 'pglite') });
      try {
        return await use(handle.db);
      } finally {
        await handle.close();
      }
    },
    setUp: async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'audience-cli-'));
    },
    tearDown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(serverUrl: string): CliTarget {
  let fresh: Awaited<ReturnType<typeof createFreshPostgres>> | undefined;
  let handle: DatabaseHandle | undefined;
  return {
    name: 'postgres',
    env: () => ({ DATABASE_URL: fresh?.url ?? '' }),
    withDb: (use) => {
      if (!handle) throw new Error('not set up');
      return use(handle.db);
    },
    setUp: async () => {
      fresh = await createFreshPostgres(serverUrl);
      handle = await openDatabase({ kind: 'postgres', url: fresh.url, max: 2 });
    },
    tearDown: async () => {
      await handle?.close();
      await fresh?.drop();
    },
  };
}

const targets = [pgliteTarget(), ...(process.env.DATABASE_URL ? [postgresTarget(process.env.DATABASE_URL)] : [])];

describe('fetch-audience arguments', () => {
  const usageError = (args: string[]): string => {
    try {
      parseFetchAudienceArgs(args);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error(`no usage error for ${args.join(' ')}`);
  };

  it('reads the three modes of the command and the failed-run listing, with their defaults', () => {
    expect(parseFetchAudienceArgs(['--track-uuid', badGuy.toUpperCase(), '--platform', 'spotify', '--force-refresh'])).toEqual({
      mode: 'track',
      trackUuid: badGuy,
      platforms: { kind: 'slugs', slugs: ['spotify'] },
      forceRefresh: true,
      fullHistory: false,
      json: false,
      concurrency: undefined,
    });
    expect(parseFetchAudienceArgs(['--track-uuid', badGuy, '--platform', 'spotify', '--full-history'])).toMatchObject({
      forceRefresh: true,
      fullHistory: true,
    });
    expect(parseFetchAudienceArgs(['--all-tracks', '--platform', 'spotify, apple_music,spotify'])).toMatchObject({
      mode: 'all-tracks',
      limit: 50,
      platforms: { kind: 'slugs', slugs: ['spotify', 'apple_music'] },
    });
    expect(parseFetchAudienceArgs(['--limit', '100'])).toMatchObject({ mode: 'stale', limit: 100, platforms: undefined });
    expect(parseFetchAudienceArgs(['--platform', 'all', '--json'])).toMatchObject({ mode: 'stale', json: true, platforms: { kind: 'all' } });
    expect(parseFetchAudienceArgs(['--list-failed'])).toEqual({ mode: 'list-failed', limit: 20, json: false });
    expect(parseFetchAudienceArgs(['-h'])).toEqual({ mode: 'help' });
  });

  it('says what is wrong with a command line', () => {
    expect(usageError(['--track-uuid', badGuy])).toBe('--track-uuid needs --platform');
    expect(usageError(['--all-tracks'])).toBe('--all-tracks needs --platform');
    expect(usageError(['--track-uuid', badGuy, '--all-tracks', '--platform', 'spotify'])).toBe('--track-uuid and --all-tracks cannot be used together');
    expect(usageError(['--track-uuid', badGuy, '--platform', 'spotify', '--limit', '5'])).toBe('--limit does not apply to --track-uuid');
    expect(usageError(['--list-failed', '--platform', 'spotify'])).toBe('--platform does not apply to --list-failed');
    expect(usageError(['--list-failed', '--full-history'])).toBe('--full-history does not apply to --list-failed');
    expect(usageError(['--limit', '0'])).toBe('--limit: --limit must be at least 1');
    expect(usageError(['--limit', 'ten'])).toBe('--limit: --limit must be a positive whole number');
    expect(usageError(['--platform', 'all,spotify'])).toMatch(/"all" cannot be combined/);
    expect(usageError(['--platform', 'Spot ify'])).toMatch(/"Spot ify" must be a platform slug/);
    expect(usageError(['--track-uuid', 'nope', '--platform', 'spotify'])).toMatch(/^--track-uuid: must be a uuid/);
    expect(usageError(['--frobnicate'])).toMatch(/Unknown option '--frobnicate'/);
    expect(usageError(['stray'])).toMatch(/positional/);
  });
});

describe.each(targets)('npm run fetch-audience on $name', (target) => {
  let server: SoundchartsServer;
  const cli = (...args: string[]) =>
    runCli(args, {
      ...target.env(),
      ...soundchartsEnv(server),
      INGEST_DEFAULT_PLATFORMS: 'spotify',
    });
  const json = (run: CliRun) => JSON.parse(run.stdout) as { results: Record<string, unknown>[]; totals: Record<string, number> };

  beforeAll(async () => {
    server = await startTestSoundcharts({ catalogue });
    await target.setUp();
    await target.withDb(async (db) => {
      for (const uuid of [badGuy, second, third]) await importTrack({ db, client: testClient(server) }, uuid);
      await db.insert(tracks).values({ uuid: ghost, name: 'Not on SoundCharts' });
    });
  });
  afterAll(async () => {
    await target.tearDown();
    await server?.close();
  });

  it('exits 2 with usage for a bad command line or an unknown platform, and 0 for --help', async () => {
    const bad = await cli('--track-uuid', badGuy);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^--track-uuid needs --platform\n\nUsage: npm run fetch-audience/);
    const unknown = await cli('--track-uuid', badGuy, '--platform', 'spotify,myspace');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown platform 'myspace'; known platforms: spotify, apple_music/);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--list-failed/);
  });

  it('fetches one track on several platforms and prints a summary table', async () => {
    const run = await cli('--track-uuid', badGuy, '--platform', 'spotify,tiktok');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^track\s+platform\s+status\s+created\s+updated\s+unchanged\s+detail$/);
    expect(lines.filter((line) => line.startsWith(badGuy) && / succeeded /.test(line))).toHaveLength(2);
    expect(run.stdout).toMatch(/2 pairs: 2 succeeded, 0 skipped, 0 failed; rows \d+ created, 0 updated, 0 unchanged/);

    await target.withDb(async (db) => {
      const stored = await db
        .select({ slug: platforms.slug })
        .from(series)
        .innerJoin(tracks, eq(tracks.id, series.trackId))
        .innerJoin(platforms, eq(platforms.id, series.platformId))
        .where(eq(tracks.uuid, badGuy));
      expect(new Set(stored.map((row) => row.slug))).toEqual(new Set(['spotify', 'tiktok']));
      expect(stored.length).toBeGreaterThan(600);
      const runs = await db.select().from(ingestRuns).where(and(eq(ingestRuns.trigger, 'cli'), eq(ingestRuns.status, 'succeeded')));
      expect(runs).toHaveLength(2);
    });

    const again = json(await cli('--track-uuid', badGuy, '--platform', 'spotify,tiktok', '--json'));
    expect(again.totals).toMatchObject({ pairs: 2, skipped: 2, succeeded: 0, failed: 0 });
    expect(again.results[0]).toMatchObject({ trackUuid: badGuy, platformSlug: 'spotify', status: 'skipped', skipReason: 'fresh' });

    // --force-refresh fetches a fresh pair from its last stored day: 1 call; --full-history the whole year: 4.
    server.requests.clear();
    const forced = json(await cli('--track-uuid', badGuy, '--platform', 'spotify', '--force-refresh', '--json'));
    expect(forced.totals).toMatchObject({ succeeded: 1, recordsCreated: 0 });
    expect(billedCalls(server)).toBe(1);
    server.requests.clear();
    const full = json(await cli('--track-uuid', badGuy, '--platform', 'spotify', '--full-history', '--json'));
    expect(full.totals).toMatchObject({ succeeded: 1, recordsCreated: 0 });
    expect(full.totals.recordsSkipped).toBeGreaterThan(300);
    expect(billedCalls(server)).toBe(4);
  });

  it('fetches the first tracks with --all-tracks, and only stale pairs without a mode', async () => {
    const all = await cli('--all-tracks', '--platform', 'spotify', '--limit', '2', '--force-refresh', '--json');
    expect(all.code, all.stderr).toBe(0);
    const parsed = json(all);
    expect(parsed.results.map((result) => [result.trackUuid, result.platformSlug, result.status])).toEqual([
      [badGuy, 'spotify', 'succeeded'],
      [second, 'spotify', 'succeeded'],
    ]);

    // The first two tracks were fetched just now: only the third (and the ghost) are stale on spotify.
    const stale = await cli('--limit', '100', '--platform', 'spotify', '--json');
    expect(stale.code).toBe(1);
    expect(json(stale).results.map((result) => [result.trackUuid, result.status])).toEqual([
      [third, 'succeeded'],
      [ghost, 'failed'],
    ]);
    // A pair that never succeeded stays stale: a manual run tries it again, and only it.
    const retried = await cli('--limit', '100', '--platform', 'spotify', '--json');
    expect(json(retried).results.map((result) => [result.trackUuid, result.status])).toEqual([[ghost, 'failed']]);
  });

  it('exits 1 when a pair fails, says why, and lists failed runs', async () => {
    const run = await cli('--track-uuid', ghost, '--platform', 'spotify', '--force-refresh');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`${ghost}\\s+spotify\\s+failed\\s+not_found: Song ${ghost} not found on SoundCharts`));
    expect(run.stdout).toMatch(/1 pairs: 0 succeeded, 0 skipped, 1 failed/);

    const listed = await cli('--list-failed', '--json');
    expect(listed.code).toBe(0);
    const failed = JSON.parse(listed.stdout) as { trackUuid: string; errorCode: string; trigger: string }[];
    expect(failed[0]).toMatchObject({ trackUuid: ghost, errorCode: 'not_found', trigger: 'cli' });
    const table = await cli('--list-failed', '--limit', '1');
    expect(table.stdout).toMatch(/^run\s+started\s+track\s+platform\s+trigger\s+code\s+error\n/);
    expect(table.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('takes --platform all', async () => {
    const run = await cli('--track-uuid', second, '--platform', 'all', '--json');
    expect(run.code, run.stderr).toBe(0);
    const parsed = json(run);
    expect(parsed.totals.pairs).toBe(17);
    expect(parsed.totals.failed).toBe(0);
  });

  it('imports a track it does not know from SoundCharts before fetching it, and says so when SoundCharts lacks it too', async () => {
    const fourthTrack = catalogue[3];
    const run = await cli('--track-uuid', fourth, '--platform', 'spotify');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(`Imported "${fourthTrack?.name}" by ${fourthTrack?.creditName} from SoundCharts.\n`);
    expect(run.stdout).toMatch(/1 pairs: 1 succeeded, 0 skipped, 0 failed; rows [1-9]\d* created/);
    await target.withDb(async (db) => {
      const [stored] = await db.select().from(tracks).where(eq(tracks.uuid, fourth));
      expect(stored).toMatchObject({ name: fourthTrack?.name, creditName: fourthTrack?.creditName });
    });

    const nowhere = '00000000-9999-1999-8999-999999999999';
    const missing = await cli('--track-uuid', nowhere, '--platform', 'spotify');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`fetch-audience: Song ${nowhere} not found on SoundCharts\n`);
  });
});

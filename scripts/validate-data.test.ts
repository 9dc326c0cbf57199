import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { UsageError } from './usage-error';
import { parseValidateDataArgs } from './validate-data-args';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

type CliRun = { code: number | null; stdout: string; stderr: string };

function runCli(args: readonly string[], pgliteDir: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, '--conditions=react-server', 'scripts/validate-data.ts', ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: '', DATABASE_URL: '', PGLITE_DIR: pgliteDir, SOUNDCHARTS_APP_ID: '', SOUNDCHARTS_API_KEY: '' },
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

describe('validate-data arguments', () => {
  const usageError = (args: string[]): string => {
    try {
      parseValidateDataArgs(args);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error(`no usage error for ${args.join(' ')}`);
  };

  it('reads the defaults and every option', () => {
    expect(parseValidateDataArgs([])).toEqual({
      mode: 'check',
      trackUuid: undefined,
      platform: undefined,
      flatDays: 14,
      gapDays: 3,
      limit: 1000,
      refetch: false,
      yes: false,
      json: false,
    });
    expect(
      parseValidateDataArgs(['--track-uuid', '7D534228-5165-11E9-9375-549F35161576', '--platform', 'apple_music', '--flat-days', '30', '--gap-days', '1', '--refetch', '--yes', '--json']),
    ).toMatchObject({ trackUuid: '7d534228-5165-11e9-9375-549f35161576', platform: 'apple_music', flatDays: 30, gapDays: 1, refetch: true, yes: true, json: true });
    expect(parseValidateDataArgs(['--help'])).toEqual({ mode: 'help' });
  });

  it('says what is wrong with a bad argument', () => {
    expect(usageError(['--flat-days', 'ten'])).toMatch(/^--flat-days: --flat-days must be a whole number/);
    expect(usageError(['--gap-days', '0'])).toMatch(/at least 1/);
    expect(usageError(['--track-uuid', 'nope'])).toMatch(/^--track-uuid: must be a uuid/);
    expect(usageError(['--platform', 'Spotify!'])).toMatch(/^--platform: must be a platform slug/);
    expect(usageError(['--yes'])).toBe('--yes only confirms --refetch');
    expect(usageError(['--frobnicate'])).toMatch(/Unknown option '--frobnicate'/);
    expect(usageError(['stray'])).toMatch(/positional/i);
  });
});

describe('validate-data exit codes', () => {
  let dir = '';
  const pglite = (): string => path.join(dir, 'pglite');

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audience-validate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 on a usage error, 0 when nothing is found, 1 with the findings of the demo catalogue', async () => {
    const usage = await runCli(['--flat-days', '-3'], pglite());
    expect(usage.code, usage.stderr).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run validate-data/);

    const clean = await runCli([], pglite());
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^No problems found/);

    const unknown = await runCli(['--platform', 'myspace'], pglite());
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown platform 'myspace'; known platforms: spotify/);

    const handle = await openDatabase({ kind: 'pglite', dir: pglite() });
    try {
      await seedDemoCatalogue(handle.db, { trackCount: 3 });
    } finally {
      await handle.close();
    }
    const found = await runCli(['--json'], pglite());
    expect(found.code, found.stderr).toBe(1);
    const report = JSON.parse(found.stdout) as { counts: Record<string, number>; findings: Array<{ kind: string }> };
    expect(report.counts.flat).toBeGreaterThan(0);
    expect(report.findings.length).toBeGreaterThan(0);

    const planned = await runCli(['--refetch'], pglite());
    expect(planned.code, planned.stderr).toBe(1);
    expect(planned.stdout).toMatch(/Refetching \d+ windows would spend up to \d+ billed SoundCharts calls\.\nNothing fetched: run again with --refetch --yes/);
  }, 120_000);
});

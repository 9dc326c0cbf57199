import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { ingestRuns, platforms, tracks } from '@/db/schema';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

type CliRun = { code: number | null; stdout: string; stderr: string };

function runPrune(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, '--conditions=react-server', 'scripts/db-prune.ts', ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: '', DATABASE_URL: '', ...env },
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

describe('npm run db:prune', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'audience-prune-'));
  const dir = path.join(parent, 'pglite');
  const env = { PGLITE_DIR: dir };

  async function runCount(): Promise<number> {
    const handle = await openDatabase({ kind: 'pglite', dir });
    try {
      return (await handle.db.select().from(ingestRuns)).length;
    } finally {
      await handle.close();
    }
  }

  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'pglite', dir });
    try {
      const [track] = await handle.db.insert(tracks).values({ uuid: '00000000-0000-1000-8000-000000000001', name: 'Old' }).returning();
      const [platform] = await handle.db.select().from(platforms).limit(1);
      const startedAt = (days: number) => new Date(Date.now() - days * 86_400_000);
      await handle.db.insert(ingestRuns).values(
        [1, 120].map((days) => ({
          trackId: track?.id as number,
          platformId: platform?.id as number,
          trigger: 'cli' as const,
          status: 'succeeded' as const,
          startedAt: startedAt(days),
          leaseExpiresAt: startedAt(days),
        })),
      );
    } finally {
      await handle.close();
    }
  }, 60_000);
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('--dry-run says what it would remove and removes nothing; without it, removes that', async () => {
    const dry = await runPrune(['--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/rows would remove/);
    expect(dry.stdout).toMatch(/^ingest runs started before \S+ +1$/m);
    expect(dry.stdout).not.toMatch(/audience points/);
    expect(dry.stdout).toMatch(/Dry run: nothing removed/);
    expect(await runCount()).toBe(2);

    const real = await runPrune(['--batch-size', '1'], { ...env, AUDIENCE_RETENTION_DAYS: '400' });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^ingest runs started before \S+ +1$/m);
    expect(real.stdout).toMatch(/^audience points before \S+ +0$/m);
    expect(await runCount()).toBe(1);
  }, 120_000);

  it('answers a usage error with exit code 2 and the usage', async () => {
    const bad = await runPrune(['--batch-size', 'many'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/batch-size/);
    expect(bad.stderr).toMatch(/Usage: npm run db:prune/);
  }, 60_000);
});

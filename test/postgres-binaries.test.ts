import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresBinDir } from './postgres-binaries';

const root = path.resolve(import.meta.dirname, '..');

function fakeBinDir(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'audience-pgbin-')), 'bin');
  mkdirSync(dir);
  for (const program of ['postgres', 'initdb']) writeFileSync(path.join(dir, program), '');
  return dir;
}

/** The environment of this run without vitest's own variables, which would confuse a vitest started from it. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'TEST'));
  return { ...inherited, NODE_ENV: 'test', ...extra };
}

describe('PostgreSQL server programs hidden', () => {
  it('are looked for in POSTGRES_BIN_DIR only when it is set, then under Debian\'s folder and on the PATH', () => {
    const fake = fakeBinDir();
    expect(postgresBinDir({ POSTGRES_BIN_DIR: fake })).toBe(fake);
    expect(postgresBinDir({ POSTGRES_BIN_DIR: '/nonexistent', PATH: fake })).toBeUndefined();
    expect(postgresBinDir({ POSTGRES_BIN_DIR: path.dirname(fake) })).toBeUndefined();
    const found = postgresBinDir({ PATH: `/nonexistent${path.delimiter}${fake}` });
    expect(found === fake || found?.startsWith('/usr/lib/postgresql/')).toBe(true);
  });

  it('npm test says so in one line', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'test/report-postgres-binaries.ts'], { cwd: root, env: childEnv(env), encoding: 'utf8' });
    const hidden = run({ POSTGRES_BIN_DIR: '/nonexistent' });
    expect(hidden.status).toBe(0);
    const lines = hidden.stdout.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PostgreSQL server programs \(initdb, postgres\) not found in POSTGRES_BIN_DIR \(\/nonexistent\): skipping .*apt-get install postgresql/);
    expect(run({ POSTGRES_BIN_DIR: fakeBinDir() }).stdout).toBe('');
  });

  it('the tests that need a private server pass as skipped, starting nothing', () => {
    const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const run = spawnSync(process.execPath, [vitest, 'run', 'db/client.test.ts', 'test/database-outage.test.ts', '--reporter=verbose'], {
      cwd: root,
      env: childEnv({ POSTGRES_BIN_DIR: '/nonexistent', NO_COLOR: '1' }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Test Files\s+2 skipped \(2\)/);
    expect(output).not.toMatch(/\d+ (passed|failed)/);
  });
});

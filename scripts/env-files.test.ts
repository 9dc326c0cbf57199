import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding the given .env files and the migrations, as a checkout would. */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'audience-env-'));
  dirs.push(dir);
  symlinkSync(path.join(root, 'db'), path.join(dir, 'db'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Runs a command-line script of this project from `cwd`, as `npm run` does from the checkout, with none of the variables under test inherited. */
function runScript(script: string, cwd: string, env: Partial<NodeJS.ProcessEnv> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'PGLITE_DIR', 'NODE_ENV', '__NEXT_PROCESSED_ENV'].includes(name)),
  );
  return spawnSync(process.execPath, [tsx, '--conditions=react-server', path.join(root, script)], {
    cwd,
    env: { ...inherited, NODE_ENV: 'development', TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json'), LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the command-line scripts read .env files as next does', () => {
  it('db:migrate opens the embedded database that .env.local names, over .env', () => {
    const dir = folderWith({ '.env': 'PGLITE_DIR=from-env\n', '.env.local': 'PGLITE_DIR=from-env-local\n' });
    const run = runScript('scripts/migrate.ts', dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Migrations applied to the embedded database in from-env-local.');
    expect(existsSync(path.join(dir, 'from-env-local'))).toBe(true);
    expect(existsSync(path.join(dir, 'from-env'))).toBe(false);
    expect(run.stderr).toContain('.env.local');
  });

  it('a variable of the real environment wins over the files', () => {
    const dir = folderWith({ '.env.local': 'DATABASE_URL=mysql://nowhere/audience\n' });
    const refused = runScript('scripts/migrate.ts', dir);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('DATABASE_URL must be a postgres:// URL');
    // A server that is not there: the script got as far as connecting to the URL of the environment.
    const fromEnvironment = runScript('scripts/migrate.ts', dir, { DATABASE_URL: 'postgres://127.0.0.1:1/audience' });
    expect(fromEnvironment.status).not.toBe(0);
    expect(fromEnvironment.stderr).not.toContain('DATABASE_URL must be a postgres:// URL');
    expect(fromEnvironment.stderr).toContain('ECONNREFUSED');
  });

  it('.env.local is not read under NODE_ENV=test, as in next', () => {
    const dir = folderWith({ '.env.local': 'DATABASE_URL=mysql://nowhere/audience\n', '.env.test': 'PGLITE_DIR=from-env-test\n' });
    const run = runScript('scripts/migrate.ts', dir, { NODE_ENV: 'test' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('in from-env-test.');
  });
});

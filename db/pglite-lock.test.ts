import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockPgliteDir } from './pglite-lock';

const tempDir = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'audience-lock-')), 'nested', 'pglite');
const tempDirWithParent = (): string => {
  const dir = tempDir();
  mkdirSync(path.dirname(dir), { recursive: true });
  return dir;
};

describe('PGlite directory lock', () => {
  it('creates the missing parent folder and releases the lock', () => {
    const dir = tempDir();
    const release = lockPgliteDir(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('refuses a second process with an error that names the holder', async () => {
    const dir = tempDirWithParent();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${dir}.lock`, String(holder.pid));
      expect(() => lockPgliteDir(dir)).toThrow(DatabaseLockedError);
      expect(() => lockPgliteDir(dir)).toThrow(`already open in process ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that has died', async () => {
    const dir = tempDirWithParent();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(`${dir}.lock`, String(dead.pid));
    const release = lockPgliteDir(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    release();
  });
});

describe('two processes on one embedded database', () => {
  it('gives the second a clear error while the first holds it, and lets it in once the first has gone', async () => {
    const dir = tempDir();
    const script = `
      import { openDatabase } from './db/client.ts';
      const handle = await openDatabase({ kind: 'pglite', dir: ${JSON.stringify(dir)} });
      process.stdout.write('open\\n');
      process.stdin.once('data', async () => { await handle.close(); process.exit(0); });
    `;
    const first = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      first.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
      first.once('exit', (code) => reject(new Error(`first process exited with ${code}`)));
    });
    const { openDatabase } = await import('./client');
    await expect(openDatabase({ kind: 'pglite', dir })).rejects.toThrow(`already open in process ${first.pid}`);
    first.stdin.write('close\n');
    await new Promise((resolve) => first.once('exit', resolve));
    const handle = await openDatabase({ kind: 'pglite', dir });
    await handle.close();
  });
});

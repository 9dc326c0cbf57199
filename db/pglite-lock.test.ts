import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockPgliteDir } from './pglite-lock';
import { processIdentity } from './process-identity';

const tempDir = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'audience-lock-')), 'nested', 'pglite');
const tempDirWithParent = (): string => {
  const dir = tempDir();
  mkdirSync(path.dirname(dir), { recursive: true });
  return dir;
};

async function running(command: string, args: string[]): Promise<{ process: ChildProcess; pid: number }> {
  const child = spawn(command, args, { stdio: 'ignore' });
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  if (child.pid === undefined) throw new Error(`${command} did not start`);
  return { process: child, pid: child.pid };
}

describe('PGlite directory lock', () => {
  it('creates the missing parent folder and releases the lock', () => {
    const dir = tempDir();
    const release = lockPgliteDir(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('refuses a second process with an error that names the holder and how to recover', async () => {
    const dir = tempDirWithParent();
    const holder = await running(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${dir}.lock`, JSON.stringify(processIdentity(holder.pid)));
      expect(() => lockPgliteDir(dir)).toThrow(DatabaseLockedError);
      expect(() => lockPgliteDir(dir)).toThrow(`already open in process ${holder.pid}`);
      expect(() => lockPgliteDir(dir)).toThrow(`delete ${dir}.lock`);
    } finally {
      holder.process.kill();
    }
  });

  it('takes over a lock whose process id now belongs to a live, unrelated process', async () => {
    const dir = tempDirWithParent();
    const unrelated = await running('sleep', ['60']);
    try {
      // What an unclean container restart leaves: the id of our old process, now some other process's.
      const identity = processIdentity(unrelated.pid);
      expect(identity.startTime).toBeDefined();
      writeFileSync(`${dir}.lock`, JSON.stringify({ ...identity, startTime: String(Number(identity.startTime) - 1) }));
      const release = lockPgliteDir(dir);
      expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
      release();
    } finally {
      unrelated.process.kill();
    }
  });

  it('takes over a lock of a live process id written before the last boot', async () => {
    const dir = tempDirWithParent();
    const unrelated = await running('sleep', ['60']);
    try {
      const identity = processIdentity(unrelated.pid);
      expect(identity.bootId).toBeDefined();
      writeFileSync(`${dir}.lock`, JSON.stringify({ ...identity, bootId: '00000000-0000-0000-0000-000000000000' }));
      lockPgliteDir(dir)();
    } finally {
      unrelated.process.kill();
    }
  });

  it('takes over a lock file it cannot read as one: a bare id from an older version, or garbage', () => {
    for (const content of [String(process.ppid), '', '{"pid":"1"}']) {
      const dir = tempDirWithParent();
      writeFileSync(`${dir}.lock`, content);
      lockPgliteDir(dir)();
      expect(existsSync(`${dir}.lock`)).toBe(false);
    }
  });

  it('takes over a lock left by a process that has died', async () => {
    const dir = tempDirWithParent();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(`${dir}.lock`, JSON.stringify(processIdentity(dead.pid ?? 0)));
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

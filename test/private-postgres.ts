import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { freePort } from '@/scripts/server-process';
import { missingPostgresBinariesLine, postgresBinDir } from './postgres-binaries';

export type PrivatePostgres = {
  /** URL of the `postgres` database of this server. */
  url: string;
  port: number;
  /** Shuts down: 'fast' ends sessions cleanly (SIGINT), 'immediate' drops everything like a crash (SIGQUIT). */
  stop: (mode?: 'fast' | 'immediate') => Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  start: () => Promise<void>;
  /** Stops it for good and removes its data. */
  destroy: () => Promise<void>;
};

function binDir(): string {
  const dir = postgresBinDir();
  if (dir === undefined) throw new Error(missingPostgresBinariesLine());
  return dir;
}

/** False where the server programs are missing: the tests that need them are skipped (see scripts/test.sh). */
export const privatePostgresAvailable = postgresBinDir() !== undefined;

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free port, that the test may
 * stop and start at will (never the shared server that other tests and engineers use). With
 * `standbyOf`, a read-only streaming replica of that server, cloned from it by pg_basebackup.
 */
export async function startPrivatePostgres(options: { standbyOf?: Pick<PrivatePostgres, 'port'> } = {}): Promise<PrivatePostgres> {
  const bin = binDir();
  const user = runAs();
  const dir = mkdtempSync(path.join(tmpdir(), 'audience-pg-'));
  chmodSync(dir, 0o700);
  if (user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const [program, args] = options.standbyOf
    ? // -R writes standby.signal and the primary's connection: the copy starts as its streaming replica; a
      // fast checkpoint, as the default spread one makes the copy wait minutes for it.
      ['pg_basebackup', ['-D', data, '-h', '127.0.0.1', '-p', String(options.standbyOf.port), '-U', 'postgres', '-X', 'stream', '-R', '--no-sync', '--checkpoint=fast']]
    : ['initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']];
  execFileSync(path.join(bin, program), args, { stdio: 'ignore', ...user });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;
  let log = '';

  const start = async (): Promise<void> => {
    const child = spawn(
      path.join(bin, 'postgres'),
      ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'],
      { stdio: ['ignore', 'pipe', 'pipe'], ...user },
    );
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${log}`);
      const probe = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => {} });
      try {
        await probe`select 1`;
        return;
      } catch {
        await sleep(100);
      } finally {
        await probe.end({ timeout: 1 });
      }
    }
    throw new Error(`postgres did not accept connections within 30 s:\n${log}`);
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
    await exited;
  };

  await start();
  return {
    url,
    port,
    stop,
    start,
    destroy: async () => {
      await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

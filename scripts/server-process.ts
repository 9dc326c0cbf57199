import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Server processes of the app for the tests and the benchmarks: `next start` on a build, or any node server. */

const root = path.resolve(import.meta.dirname, '..');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type RunningServer = { url: string; process: ChildProcess; output: () => string; close: () => Promise<void> };

/** Starts `next start` on an existing build in distDir (the benchmarks build their own). */
export function launchNextServer(
  distDir: string,
  env: Record<string, string | undefined>,
  options: ServerProcessOptions = {},
): Promise<RunningServer> {
  return startServerProcess(
    'next start',
    (port) => [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    { NEXT_DIST_DIR: distDir, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    options,
  );
}

/**
 * stdoutFile: the server's stdout goes straight to this file instead of into output(), so that a
 * load run with a log line per request costs the parent nothing and can be counted afterwards.
 */
export type ServerProcessOptions = { stdoutFile?: string };

/** Runs `node <args>` with PORT set to a free port and waits until it answers HTTP on 127.0.0.1. */
export async function startServerProcess(
  name: string,
  args: (port: number) => string[],
  env: Record<string, string | undefined>,
  options: ServerProcessOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
  const child = spawn(process.execPath, args(port), {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
  });
  if (stdoutFd !== undefined) closeSync(stdoutFd);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${url}/soundcharts/audience/chart/00000000-0000-1000-8000-000000000000/`);
      return { url, process: child, output: () => output, close };
    } catch {
      await sleep(200);
    }
  }
  await close();
  throw new Error(`${name} did not answer within 60 s:\n${output}`);
}

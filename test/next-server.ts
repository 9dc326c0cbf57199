import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchNextServer, nextBin } from '@/scripts/server-process';
import type { RunningServer } from '@/scripts/server-process';

/**
 * The production build the HTTP and browser tests run against; `npm test` builds it fresh first.
 * TEST_DIST_DIR lets an engineer iterate on a build of their own while others use the shared one.
 */
export const TEST_DIST_DIR = process.env.TEST_DIST_DIR || '.next-test';

const root = path.resolve(import.meta.dirname, '..');

async function withLock<T>(name: string, run: () => T): Promise<T> {
  const lock = path.join(root, `${name}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await sleep(250);
    }
  }
  try {
    return run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function ensureProductionBuild(): Promise<void> {
  await withLock(TEST_DIST_DIR, () => {
    if (existsSync(path.join(root, TEST_DIST_DIR, 'BUILD_ID'))) return;
    const build = spawnSync(process.execPath, [nextBin, 'build'], {
      cwd: root,
      env: { ...process.env, NEXT_DIST_DIR: TEST_DIST_DIR, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  });
}

/** Starts `next start` on the test build with the given environment and waits until it answers. */
export async function startNextServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  await ensureProductionBuild();
  return launchNextServer(TEST_DIST_DIR, env);
}

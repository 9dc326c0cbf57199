import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sources = ['app', 'components', 'lib', 'db', 'next.config.mjs', 'package.json', 'package-lock.json'];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

/** Builds the production app into distDir unless a build newer than every source is already there. */
export function ensureBuild(distDir: string): void {
  const buildId = path.join(distDir, 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources.map(newestChange))) return;
  console.log('Building the app (once, about a minute)...');
  const result = spawnSync(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

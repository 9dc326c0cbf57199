import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { ensureProductionBuild, TEST_DIST_DIR } from '@/test/next-server';
import { E2E_ADMIN_TOKEN, E2E_APP_PORT, E2E_SOUNDCHARTS_URL, SEEDED_TRACK_COUNT, seedEndDate } from './environment';

/**
 * The app the browser tests drive (started by playwright.config.ts): the production build on a
 * fresh PGlite database seeded with the demo catalogue, talking to the shipped SoundCharts server.
 */
// One folder per port, emptied at each start: Playwright may stop this process with SIGKILL, which
// leaves no chance to clean up at exit.
const parent = path.join(tmpdir(), `audience-e2e-${E2E_APP_PORT}`);
const dir = path.join(parent, 'pglite');
rmSync(parent, { recursive: true, force: true });

await ensureProductionBuild();
const handle = await openDatabase({ kind: 'pglite', dir });
await seedDemoCatalogue(handle.db, { trackCount: SEEDED_TRACK_COUNT, endDate: seedEndDate() });
await handle.close();

const app = spawn(
  process.execPath,
  [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(E2E_APP_PORT), '-H', '127.0.0.1'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NEXT_DIST_DIR: TEST_DIST_DIR,
      NODE_ENV: 'production',
      DATABASE_URL: '',
      PGLITE_DIR: dir,
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      SESSION_SECRET: '',
      SOUNDCHARTS_API_URL: E2E_SOUNDCHARTS_URL,
      SOUNDCHARTS_APP_ID: 'soundcharts',
      SOUNDCHARTS_API_KEY: 'soundcharts',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
);

const cleanUp = (): void => rmSync(parent, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('exit', (code) => {
  cleanUp();
  process.exit(code ?? 0);
});

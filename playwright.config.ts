import { defineConfig } from '@playwright/test';
import { chromiumExecutable } from './e2e/chromium-executable';
import { E2E_APP_URL, E2E_SOUNDCHARTS_URL } from './e2e/environment';

/**
 * Browser tests: Chromium (CHROMIUM_PATH, else Debian's, else Playwright's own) drives the production build (the one `npm test` builds into
 * .next-test; built here when missing) on a seeded PGlite database, against the shipped
 * SoundCharts-compatible server. One worker: the tests share one app, and some of them write to it.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Generous: the machines this runs on are shared, and a refresh fetches a year from SoundCharts.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: E2E_APP_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  webServer: [
    {
      command: `npx tsx --conditions=react-server soundcharts-server/main.ts --host 127.0.0.1 --port ${new URL(E2E_SOUNDCHARTS_URL).port}`,
      // Covers need no credentials: a 200 here means the server is up.
      url: `${E2E_SOUNDCHARTS_URL}/images/7d534228-5165-11e9-9375-549f35161576.svg`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'npx tsx --conditions=react-server e2e/app-server.ts',
      url: `${E2E_APP_URL}/api/health`,
      reuseExistingServer: false,
      // Includes a production build when none is there yet.
      timeout: 300_000,
      stdout: 'pipe',
    },
  ],
});

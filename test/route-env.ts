import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase } from '@/db/client';

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const CRON_SECRET = 'cron-secret-for-tests-0123456789';

/**
 * Points the app's configuration at a private embedded database and the given SoundCharts server,
 * for tests that call route handlers in-process. Must run before the first env() call of the
 * process (env() is read once). Returns a cleanup that closes the database and removes its folder.
 */
export function useRouteTestEnv(soundchartsUrl: string, extra: Record<string, string> = {}): () => Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'audience-routes-'));
  Object.assign(process.env, {
    DATABASE_URL: '',
    PGLITE_DIR: path.join(dir, 'pglite'),
    ADMIN_TOKEN,
    CRON_SECRET,
    SOUNDCHARTS_API_URL: soundchartsUrl,
    SOUNDCHARTS_APP_ID: 'soundcharts',
    SOUNDCHARTS_API_KEY: 'soundcharts',
    SOUNDCHARTS_TIMEOUT_MS: '300',
    ...extra,
  });
  return async () => {
    await closeDatabase();
    rmSync(dir, { recursive: true, force: true });
  };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

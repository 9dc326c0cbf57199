import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import type { Database } from '@/db/client';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { startNextServer } from './next-server';
import type { RunningServer } from '@/scripts/server-process';

export const SEED_END_DATE = '2026-01-31';

export type SeededApp = {
  server: RunningServer;
  /** Set on PostgreSQL: tests may read the database while the app runs. */
  databaseUrl: string | undefined;
  /** Set on PGlite: the app holds the directory's lock until it is closed. */
  pgliteDir: string | undefined;
  close: () => Promise<void>;
};

export type SeededAppOptions = {
  backend: 'pglite' | 'postgres';
  trackCount?: number;
  env?: Record<string, string | undefined>;
  /** Runs on the seeded database before the app opens it (PGlite admits one process at a time). */
  afterSeed?: (db: Database) => Promise<void>;
};

/** PostgreSQL when the suite has a server (DATABASE_URL), else PGlite. */
export function defaultBackend(): SeededAppOptions['backend'] {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/** The production app on a fresh database holding the demo catalogue; close() stops it and drops the data. */
export async function startSeededApp(options: SeededAppOptions): Promise<SeededApp> {
  const trackCount = options.trackCount ?? 3;
  if (options.backend === 'postgres') {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) throw new Error('startSeededApp on postgres needs DATABASE_URL');
    const fresh = await createFreshPostgres(serverUrl);
    const handle = await openDatabase({ kind: 'postgres', url: fresh.url });
    await seedDemoCatalogue(handle.db, { trackCount, endDate: SEED_END_DATE });
    await options.afterSeed?.(handle.db);
    await handle.close();
    try {
      const server = await startNextServer({ ...options.env, DATABASE_URL: fresh.url });
      return {
        server,
        databaseUrl: fresh.url,
        pgliteDir: undefined,
        close: async () => {
          await server.close();
          await fresh.drop();
        },
      };
    } catch (error) {
      await fresh.drop();
      throw error;
    }
  }
  const parent = mkdtempSync(path.join(tmpdir(), 'audience-app-'));
  const dir = path.join(parent, 'pglite');
  const handle = await openDatabase({ kind: 'pglite', dir });
  await seedDemoCatalogue(handle.db, { trackCount, endDate: SEED_END_DATE });
  await options.afterSeed?.(handle.db);
  await handle.close();
  const server = await startNextServer({ ...options.env, DATABASE_URL: '', PGLITE_DIR: dir });
  return {
    server,
    databaseUrl: undefined,
    pgliteDir: dir,
    close: async () => {
      await server.close();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

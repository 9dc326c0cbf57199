import { openDatabase } from '@/db/client';
import type { DatabaseHandle } from '@/db/client';
import { createFreshPostgres } from '@/scripts/fresh-postgres';

export type TestDatabase = { name: 'pglite' | 'postgres'; open: () => Promise<DatabaseHandle> };

/**
 * The databases every database test runs on: PGlite always, and a real PostgreSQL server when
 * DATABASE_URL is set. Each open() gives a fresh, migrated database of its own, dropped on close.
 */
export function testDatabases(): TestDatabase[] {
  const targets: TestDatabase[] = [{ name: 'pglite', open: () => openDatabase({ kind: 'pglite' }) }];
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) targets.push({ name: 'postgres', open: () => openFreshPostgres(serverUrl) });
  return targets;
}

async function openFreshPostgres(serverUrl: string): Promise<DatabaseHandle> {
  const fresh = await createFreshPostgres(serverUrl);
  const handle = await openDatabase({ kind: 'postgres', url: fresh.url, max: 4 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await fresh.drop();
    },
  };
}

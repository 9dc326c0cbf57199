import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migratePostgres, openDatabase } from '@/db/client';
import type { DatabaseHandle } from '@/db/client';

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

/** A new, migrated database on the PostgreSQL server at serverUrl; drop() removes it. */
export async function createFreshPostgres(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `audience_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migratePostgres({ kind: 'postgres', url: url.toString() });
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export async function openFreshPostgres(serverUrl: string): Promise<DatabaseHandle> {
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

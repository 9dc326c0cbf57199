import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migratePostgres } from '@/db/client';

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

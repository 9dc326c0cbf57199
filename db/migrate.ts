import 'server-only';
import path from 'node:path';
import type { DatabaseTarget } from './client';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Applies pending migrations to a PostgreSQL server; embedded databases migrate when opened. */
export async function migratePostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<void> {
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ]);
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

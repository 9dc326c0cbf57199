import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { cachedUntilFailure } from '@/lib/cached-until-failure';
import type { Slot } from '@/lib/cached-until-failure';
import { env } from '@/lib/env';
import { lockPgliteDir } from './pglite-lock';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

export type DatabaseTarget =
  | { kind: 'pglite'; dir?: string }
  | { kind: 'postgres'; url: string; max?: number };

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseTarget['kind'];
  /** Applies pending migrations; embedded databases have already run it when opened. */
  migrate: () => Promise<void>;
  /**
   * LISTENs on a channel (PostgreSQL: one connection of its own, re-established after a drop; PGlite:
   * in process). onListen runs each time listening (re)starts: notifications sent while it was down
   * are lost, so the caller reads what it missed. Resolves to the function that stops listening.
   */
  listen: (channel: string, onNotify: (payload: string) => void, onListen: () => void) => Promise<() => Promise<void>>;
  close: () => Promise<void>;
};

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
      import('postgres'),
      import('drizzle-orm/postgres-js'),
      import('drizzle-orm/postgres-js/migrator'),
    ]);
    const client = postgres(target.url, {
      max: target.max ?? 10,
      // While the server is down, requests must fail fast with a 503 and recover as soon as it is
      // back: postgres-js would otherwise wait up to 20 s between connection attempts (its default
      // backoff), and queue every query behind that wait.
      connect_timeout: 3,
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
      idle_timeout: 30,
      onnotice: () => {},
      connection: { application_name: 'audience' },
    });
    const db = drizzle({ client, schema });
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      migrate: () => migrate(db, { migrationsFolder }),
      listen: async (channel, onNotify, onListen) => {
        const { unlisten } = await client.listen(channel, onNotify, onListen);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  let release = (): void => {};
  let dataDir: string | undefined;
  if (target.dir !== undefined) {
    dataDir = path.resolve(target.dir);
    release = lockPgliteDir(dataDir);
    mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  try {
    const client = await PGlite.create(dataDir === undefined ? {} : { dataDir });
    const db = drizzle({ client, schema });
    // Embedded mode migrates itself so that a fresh clone needs no setup step.
    await migrate(db, { migrationsFolder });
    return {
      db: db as unknown as Database,
      kind: 'pglite',
      migrate: () => migrate(db, { migrationsFolder }),
      listen: async (channel, onNotify, onListen) => {
        const unlisten = await client.listen(channel, onNotify);
        onListen();
        return () => unlisten();
      },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Applies pending migrations to a PostgreSQL server, on a connection of its own. */
export async function migratePostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<void> {
  const handle = await openDatabase({ ...target, max: 1 });
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
}

export function configuredTarget(): DatabaseTarget {
  const { DATABASE_URL, PGLITE_DIR } = env();
  return DATABASE_URL ? { kind: 'postgres', url: DATABASE_URL } : { kind: 'pglite', dir: PGLITE_DIR };
}

// Kept on globalThis so that Next's module reloading in development reuses one connection.
const holder = globalThis as typeof globalThis & { __audienceDb?: Slot<DatabaseHandle> };
const database = (holder.__audienceDb ??= {});

export function getDatabase(): Promise<DatabaseHandle> {
  return cachedUntilFailure(database, () => openDatabase(configuredTarget()));
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const opening = database.current;
  database.current = undefined;
  if (opening) await (await opening).close();
}

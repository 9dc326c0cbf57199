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

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

export type DatabaseTarget =
  | { kind: 'pglite'; dir?: string }
  | { kind: 'postgres'; url: string; max?: number; replicaUrls?: readonly string[] };

export type DatabaseHandle = {
  /** The primary: every write, and the reads that must see a write just made. */
  db: Database;
  /** A database for reads that may lag the primary by the replication delay: a replica in turn, or the primary when there is none. */
  reader: () => Database;
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
    const connect = (url: string) => {
      const client = postgres(url, {
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
      return { client, db: drizzle({ client, schema }) };
    };
    const primary = connect(target.url);
    // One drizzle database per replica rather than drizzle's withReplicas, which picks a replica per
    // select: the chart statements are prepared once per database object (lib/chart/queries.ts), and
    // each must stay on the server it was prepared for.
    const replicas = (target.replicaUrls ?? []).map(connect);
    let turn = 0;
    return {
      db: primary.db as unknown as Database,
      reader: () => {
        if (replicas.length === 0) return primary.db as unknown as Database;
        turn = (turn + 1) % replicas.length;
        return replicas[turn]?.db as unknown as Database;
      },
      kind: 'postgres',
      migrate: () => migrate(primary.db, { migrationsFolder }),
      // On the primary: replicas cannot LISTEN, and the changes are committed there first.
      listen: async (channel, onNotify, onListen) => {
        const { unlisten } = await primary.client.listen(channel, onNotify, onListen);
        return unlisten;
      },
      close: async () => {
        await Promise.all([primary, ...replicas].map(({ client }) => client.end({ timeout: 5 })));
      },
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
      reader: () => db as unknown as Database,
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
  const handle = await openDatabase({ kind: 'postgres', url: target.url, max: 1 });
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
}

export function configuredTarget(): DatabaseTarget {
  const { DATABASE_URL, DATABASE_REPLICA_URLS, PGLITE_DIR } = env();
  return DATABASE_URL ? { kind: 'postgres', url: DATABASE_URL, replicaUrls: DATABASE_REPLICA_URLS } : { kind: 'pglite', dir: PGLITE_DIR };
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

/**
 * For the analyst pages' and the chart routes' reads, which may show what the primary had a moment
 * ago: a replica when DATABASE_REPLICA_URLS names any. A request that has just written, or an
 * admin's page after an action, reads from getDb().
 */
export async function getReadDb(): Promise<Database> {
  return (await getDatabase()).reader();
}

export async function closeDatabase(): Promise<void> {
  const opening = database.current;
  database.current = undefined;
  if (opening) await (await opening).close();
}

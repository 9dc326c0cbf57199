import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privatePostgresAvailable, startPrivatePostgres } from '@/test/private-postgres';
import type { PrivatePostgres } from '@/test/private-postgres';
import { openDatabase } from './client';
import type { DatabaseHandle } from './client';

const backendPid = async (db: DatabaseHandle['db']): Promise<number> => {
  const [row] = (await db.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
  if (!row) throw new Error('pg_backend_pid() returned no row');
  return row.pid;
};

describe.skipIf(!privatePostgresAvailable)('the PostgreSQL client when the server ends a session in the middle of a query', () => {
  let pg: PrivatePostgres;
  let handle: DatabaseHandle;
  let admin: postgres.Sql;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    handle = await openDatabase({ kind: 'postgres', url: pg.url, max: 1 });
    admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await handle?.close();
    await admin?.end();
    await pg?.destroy();
  });

  // postgres-js 3.4.9 kept the dying session's error and replayed it on the first query of the next
  // session (patches/postgres+3.4.9.patch): after a routine `pg_ctl restart` (a fast shutdown under
  // load), a request long after the restart failed with "terminating connection due to administrator command".
  it('fails that query, and the next one runs on a new session', async () => {
    const first = await backendPid(handle.db);
    const slow = handle.db.execute(sql`select pg_sleep(30)`).then(
      () => 'finished',
      (error: unknown) => error,
    );
    for (;;) {
      const [active] = await admin`select 1 from pg_stat_activity where pid = ${first} and query like 'select pg_sleep%'`;
      if (active) break;
      await sleep(10);
    }
    await admin`select pg_terminate_backend(${first})`;
    expect(await slow).toMatchObject({ cause: { code: 'CONNECTION_CLOSED' } });

    const second = await backendPid(handle.db);
    expect(second).not.toBe(first);
    expect(await backendPid(handle.db)).toBe(second);
  });
});

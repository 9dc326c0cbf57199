import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openDatabase } from '@/db/client';
import { createSessionToken, sessionKey } from '@/lib/access/admin-session';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import type { RunningServer } from '@/scripts/server-process';
import { startNextServer } from './next-server';
import { databaseUrl, privatePostgresAvailable, startPrivatePostgres } from './private-postgres';
import type { PrivatePostgres } from './private-postgres';
import { ADMIN_COOKIE } from './server-actions';
import { SEED_END_DATE } from './seeded-app';
import { soundchartsEnv, startTestSoundcharts } from './soundcharts';

const ADMIN_TOKEN = 'read-replicas-admin-token-0123456789';
const CHART = `/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?limit=1`;
const CHART_TWO_DAYS = `/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?limit=2`;
const TRACK_PAGE = `/tracks/${BAD_GUY_UUID}?platforms=spotify`;

const newestStored = async (sql: Sql): Promise<string> => {
  const [row] = await sql<{ newest: string }[]>`select max(date)::text as newest from track_audience_time_series`;
  return row?.newest ?? '';
};

type ChartReply = { chart_data: { labels: string[]; datasets: { data: (number | null)[] }[] } };
const chartOf = async (app: RunningServer, path: string): Promise<ChartReply> => (await (await fetch(`${app.url}${path}`)).json()) as ChartReply;
const newestCharted = async (app: RunningServer): Promise<string | undefined> => (await chartOf(app, CHART)).chart_data.labels.at(-1);

const spotifyValueOn = async (sql: Sql, date: string): Promise<number> => {
  const [row] = await sql<{ value: string }[]>`
    select s.audience_value::text as value from track_audience_time_series s
    join tracks t on t.id = s.track_id join platforms p on p.id = s.platform_id
    where t.uuid = ${BAD_GUY_UUID} and p.slug = 'spotify' and s.date = ${date}`;
  return Number(row?.value);
};

/** Whether the track page's table of numbers has a row for the day. */
const tableHasDay = (html: string, date: string): boolean => html.includes(`<time dateTime="${date}">`);

/** Polls until the replica has replayed everything the primary has written so far. */
async function caughtUp(primary: Sql, replica: Sql): Promise<void> {
  const [{ lsn } = { lsn: '' }] = await primary<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await replica<{ behind: boolean }[]>`select pg_last_wal_replay_lsn() < ${lsn}::pg_lsn as behind`;
    if (row && !row.behind) return;
    await sleep(50);
  }
  throw new Error('the replica did not catch up within 10 s');
}

describe.skipIf(!privatePostgresAvailable)('with DATABASE_REPLICA_URLS, reads go to a streaming replica', () => {
  let primary: PrivatePostgres;
  let replica: PrivatePostgres;
  let primarySql: Sql;
  let replicaSql: Sql;
  let soundcharts: SoundchartsServer;
  let app: RunningServer;

  beforeAll(async () => {
    soundcharts = await startTestSoundcharts();
    primary = await startPrivatePostgres();
    const admin = postgres(primary.url, { max: 1, onnotice: () => {} });
    await admin`create database audience`;
    await admin.end();
    const primaryUrl = databaseUrl(primary.url, 'audience');
    await migratePostgres({ kind: 'postgres', url: primaryUrl });
    const handle = await openDatabase({ kind: 'postgres', url: primaryUrl });
    await seedDemoCatalogue(handle.db, { trackCount: 2, endDate: SEED_END_DATE });
    await handle.close();
    replica = await startPrivatePostgres({ standbyOf: primary });
    const replicaUrl = databaseUrl(replica.url, 'audience');
    primarySql = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    replicaSql = postgres(replicaUrl, { max: 1, onnotice: () => {} });
    app = await startNextServer({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, ADMIN_TOKEN, ...soundchartsEnv(soundcharts) });
  });

  afterAll(async () => {
    await replicaSql?.end();
    await primarySql?.end();
    await app?.close();
    await replica?.destroy();
    await primary?.destroy();
    await soundcharts?.close();
  });

  it('serves charts and pages from the replica, never older than a change the app knows of, and a refresh and the admin page from the primary', async () => {
    const [{ standby } = { standby: false }] = await replicaSql<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
    expect(standby).toBe(true);
    await caughtUp(primarySql, replicaSql);
    expect(await newestCharted(app)).toBe(SEED_END_DATE);

    // Replay held: what the primary writes from now on is on the replica's disk but not in its answers.
    await replicaSql`select pg_wal_replay_pause()`;
    // A value changed on the primary behind the app's back (no change recorded): a chart the app has
    // not cached yet is read from the replica, which still has the old value.
    const replicaValue = await spotifyValueOn(replicaSql, SEED_END_DATE);
    await primarySql`
      update track_audience_time_series set audience_value = audience_value + 1
      where date = ${SEED_END_DATE} and track_id = (select id from tracks where uuid = ${BAD_GUY_UUID})
        and platform_id = (select id from platforms where slug = 'spotify')`;
    expect(await spotifyValueOn(primarySql, SEED_END_DATE)).toBe(replicaValue + 1);
    expect((await chartOf(app, CHART_TWO_DAYS)).chart_data.datasets[0]?.data.at(-1)).toBe(replicaValue);

    const refresh = await fetch(`${app.url}/soundcharts/audience/refresh/${BAD_GUY_UUID}/spotify/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refresh.status).toBe(200);
    const newest = await newestStored(primarySql);
    expect(newest > SEED_END_DATE).toBe(true);
    expect(await newestStored(replicaSql)).toBe(SEED_END_DATE);

    // The refresh recorded a change, which the app heard of at once: a replica that has not replayed it
    // is passed over for the primary rather than caching the days before it under its version.
    expect(await newestCharted(app)).toBe(newest);
    const readerPage = await (await fetch(`${app.url}${TRACK_PAGE}`)).text();
    expect(tableHasDay(readerPage, SEED_END_DATE)).toBe(true);
    expect(tableHasDay(readerPage, newest)).toBe(false);

    const key = sessionKey({ adminToken: ADMIN_TOKEN, sessionSecret: undefined });
    if (!key) throw new Error('no session key');
    const { token } = await createSessionToken(key);
    const adminPage = await (await fetch(`${app.url}${TRACK_PAGE}`, { headers: { cookie: `${ADMIN_COOKIE}=${token}` } })).text();
    expect(tableHasDay(adminPage, newest)).toBe(true);

    await replicaSql`select pg_wal_replay_resume()`;
    await caughtUp(primarySql, replicaSql);
    expect(await newestCharted(app)).toBe(newest);
  });
});

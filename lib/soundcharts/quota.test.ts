import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { startTestSoundcharts } from '@/test/soundcharts';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { soundchartsClientFor } from '@/lib/ingest/deps';
import type { SoundchartsConfig } from './client';
import { readQuota, recordQuota } from './quota';

describe.each(testDatabases())('SoundCharts quota shared through the database on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  const config = (): SoundchartsConfig => ({
    baseUrl: server.url,
    appId: 'soundcharts',
    apiKey: 'soundcharts',
    timeoutMs: 5_000,
    quotaFloor: 10,
    maxRetries: 0,
  });
  const database = async () => handle.db;

  beforeAll(async () => {
    [handle, server] = await Promise.all([open(), startTestSoundcharts()]);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate soundcharts_quota`);
    server.requests.clear();
  });

  it('keeps the newest reading per app id, whatever order they are written in', async () => {
    const newer = { remaining: 40, observedAt: new Date('2026-12-01T10:00:05Z') };
    const older = { remaining: 90, observedAt: new Date('2026-12-01T10:00:00Z') };
    await recordQuota(handle.db, 'app-a', newer);
    await recordQuota(handle.db, 'app-a', older);
    await recordQuota(handle.db, 'app-b', older);
    expect(await readQuota(handle.db, 'app-a')).toEqual(newer);
    expect(await readQuota(handle.db, 'app-b')).toEqual(older);
    expect(await readQuota(handle.db, 'app-c')).toBeUndefined();
  });

  it('lets a new process stop at the floor another process reached, without spending a call to learn it', async () => {
    server.setQuota(11);
    const first = await soundchartsClientFor(database, config());
    expect((await first.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
    expect(first.quotaRemaining).toBe(10);
    expect((await readQuota(handle.db, 'soundcharts'))?.remaining).toBe(10);

    const next = await soundchartsClientFor(database, config());
    expect(next.quotaRemaining).toBe(10);
    await expect(next.getSong(BAD_GUY_UUID)).rejects.toMatchObject({ kind: 'quota_exhausted' });
    expect(server.requests.entries).toHaveLength(1);
  });

  it('ignores a reading from an earlier month: quotas are monthly', async () => {
    server.setQuota(5_000);
    const lastMonth = new Date();
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    await recordQuota(handle.db, 'soundcharts', { remaining: 0, observedAt: lastMonth });
    const client = await soundchartsClientFor(database, config());
    expect(client.quotaRemaining).toBeUndefined();
    expect((await client.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
    expect((await readQuota(handle.db, 'soundcharts'))?.remaining).toBe(4_999);
  });
});

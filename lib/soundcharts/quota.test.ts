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
    expect(server.requests.entries.filter((entry) => entry.billed)).toHaveLength(1);
    expect(server.requests.matching('/api/v2/team/usage')).toHaveLength(1);
  });

  it('asks the free usage endpoint when nothing is stored, and again once a floor reading is old: terms are not assumed monthly', async () => {
    server.setQuota(5_000);
    const fresh = await soundchartsClientFor(database, config());
    expect(fresh.quotaRemaining).toBeUndefined();
    expect((await fresh.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
    expect(server.requests.entries.map((entry) => [entry.path, entry.billed])).toEqual([
      ['/api/v2/team/usage', false],
      [`/api/v2.25/song/${BAD_GUY_UUID}`, true],
    ]);
    expect((await readQuota(handle.db, 'soundcharts'))?.remaining).toBe(4_999);

    // Another process stopped at the floor an hour ago; the term has since reset (SoundCharts says 5,000 again).
    server.requests.clear();
    await handle.db.execute(sql`truncate soundcharts_quota`);
    await recordQuota(handle.db, 'soundcharts', { remaining: 0, observedAt: new Date(Date.now() - 3_600_000) });
    server.setQuota(5_000);
    const next = await soundchartsClientFor(database, config());
    expect(next.quotaRemaining).toBe(0);
    expect((await next.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
    expect(server.requests.entries.map((entry) => entry.billed)).toEqual([false, true]);
    expect((await readQuota(handle.db, 'soundcharts'))?.remaining).toBe(4_999);
  });

  it('stops a running process at the floor another process reached after it started', async () => {
    server.setQuota(1_000);
    const running = await soundchartsClientFor(database, config());
    expect((await running.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
    expect(running.quotaRemaining).toBe(999);

    server.setQuota(11);
    const other = await soundchartsClientFor(database, config());
    expect((await other.getSong(BAD_GUY_UUID)).name).toBe('bad guy');
    server.requests.clear();
    // Its own last reading says 999; the database says another process has reached the floor since.
    await expect(running.getSong(BAD_GUY_UUID)).rejects.toMatchObject({ kind: 'quota_exhausted' });
    expect(server.requests.entries.filter((entry) => entry.billed)).toHaveLength(0);
  });
});

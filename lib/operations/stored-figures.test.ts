import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestRuns, platforms, tracks } from '@/db/schema';
import { recordQuota } from '@/lib/soundcharts/quota';
import { testDatabases } from '@/test/databases';
import { readStoredFigures } from './stored-figures';

describe.each(testDatabases())('figures read for the metrics on $name', ({ name, open }) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await open();
    await handle.db.execute(sql`truncate ingest_runs, tracks restart identity cascade`);
    const [track] = await handle.db.insert(tracks).values({ uuid: '7d534228-5165-11e9-9375-549f35161576', name: 'bad guy' }).returning();
    const [platform] = await handle.db.insert(platforms).values({ slug: 'figures', name: 'Figures', color: '#123456' }).returning();
    const pair = { trackId: track?.id ?? 0, platformId: platform?.id ?? 0, leaseExpiresAt: new Date() };
    await handle.db.insert(ingestRuns).values([
      { ...pair, trigger: 'cron', status: 'succeeded' },
      { ...pair, trigger: 'cron', status: 'failed' },
      { ...pair, trigger: 'cron', status: 'failed' },
      { ...pair, trigger: 'manual', status: 'succeeded' },
    ]);
    await recordQuota(handle.db, 'figures-app', { remaining: 4321, observedAt: new Date('2026-12-02T08:00:00Z') });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('counts the stored runs by trigger and status, and reads the last quota reading', async () => {
    const figures = await readStoredFigures(handle.db, { appId: 'figures-app', postgres: name === 'postgres' });
    expect([...figures.ingestRuns].sort((a, b) => `${a.trigger}${a.status}`.localeCompare(`${b.trigger}${b.status}`))).toEqual([
      { trigger: 'cron', status: 'failed', count: 2 },
      { trigger: 'cron', status: 'succeeded', count: 1 },
      { trigger: 'manual', status: 'succeeded', count: 1 },
    ]);
    expect(figures.quota).toEqual({ remaining: 4321, observedAt: new Date('2026-12-02T08:00:00Z') });
    expect((await readStoredFigures(handle.db, { appId: undefined, postgres: false })).quota).toBeUndefined();
  });

  it('reads the app’s connections by state on PostgreSQL only', async () => {
    const figures = await readStoredFigures(handle.db, { appId: undefined, postgres: name === 'postgres' });
    if (name === 'postgres') {
      // This test's own connection is one of them (application_name audience), running this query.
      expect(figures.connections?.find((row) => row.state === 'active')?.count).toBeGreaterThanOrEqual(1);
    } else {
      expect(figures.connections).toBeUndefined();
    }
  });
});

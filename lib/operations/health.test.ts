import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestRuns, platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import { recordQuota } from '@/lib/soundcharts/quota';
import { testDatabases } from '@/test/databases';
import { checkHealth } from './health';
import type { HealthSettings } from './health';

const settings: HealthSettings = { today: '2026-12-02', maxDataAgeDays: 3, quotaFloor: 100, appId: 'health-app' };

describe.each(testDatabases())('health checks on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let pair: { trackId: number; platformId: number };

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate ingest_runs, track_audience_time_series, soundcharts_quota, tracks restart identity cascade`);
    await handle.db.execute(sql`delete from platforms where slug = 'healthcheck'`);
    const [track] = await handle.db.insert(tracks).values({ uuid: '7d534228-5165-11e9-9375-549f35161576', name: 'bad guy' }).returning();
    const [platform] = await handle.db.insert(platforms).values({ slug: 'healthcheck', name: 'Health', color: '#123456' }).returning();
    pair = { trackId: track?.id ?? 0, platformId: platform?.id ?? 0 };
  });

  const storeDay = (date: string) => handle.db.insert(trackAudienceTimeSeries).values({ ...pair, date, audienceValue: 10 });
  const run = (values: { status: 'succeeded' | 'failed'; requestId: string | null; startedAt: string; trigger?: 'cron' | 'manual' }) =>
    handle.db.insert(ingestRuns).values({
      ...pair,
      trigger: values.trigger ?? 'cron',
      status: values.status,
      requestId: values.requestId,
      startedAt: new Date(values.startedAt),
      leaseExpiresAt: new Date(values.startedAt),
    });

  it('is ok with fresh data, quota above the floor and a last cycle without failures', async () => {
    await storeDay('2026-11-29');
    await recordQuota(handle.db, 'health-app', { remaining: 101, observedAt: new Date('2026-12-02T08:00:00Z') });
    await run({ status: 'failed', requestId: 'cycle-1', startedAt: '2026-12-01T00:00:00Z' });
    await run({ status: 'succeeded', requestId: 'cycle-2', startedAt: '2026-12-02T00:00:00Z' });
    expect(await checkHealth(handle.db, settings)).toEqual({ status: 'ok', reasons: [] });
  });

  it('says why it is degraded: stale data, quota at the floor, failures in the last cycle', async () => {
    await storeDay('2026-11-28');
    await recordQuota(handle.db, 'health-app', { remaining: 100, observedAt: new Date('2026-12-02T08:00:00Z') });
    await run({ status: 'succeeded', requestId: 'cycle-1', startedAt: '2026-12-01T00:00:00Z' });
    await run({ status: 'failed', requestId: 'cycle-2', startedAt: '2026-12-02T00:00:00Z' });
    await run({ status: 'succeeded', requestId: 'cycle-2', startedAt: '2026-12-02T00:00:01Z' });
    // A manual refresh after the cycle is no scheduled cycle.
    await run({ status: 'succeeded', requestId: 'manual-1', startedAt: '2026-12-02T01:00:00Z', trigger: 'manual' });
    const health = await checkHealth(handle.db, settings);
    expect(health.status).toBe('degraded');
    expect(health.reasons).toEqual([
      'the newest stored day is 2026-11-28, older than 3 days (expected 2026-11-29 or later)',
      'the SoundCharts quota is at 100 (read 2026-12-02T08:00:00.000Z), not above the floor of 100: no call is made',
      '1 of 2 pairs failed in the last scheduled cycle (request cycle-2)',
    ]);
  });

  it('is degraded when nothing is stored, and ignores the quota without SoundCharts credentials', async () => {
    await recordQuota(handle.db, 'health-app', { remaining: 0, observedAt: new Date('2026-12-02T08:00:00Z') });
    expect(await checkHealth(handle.db, { ...settings, appId: undefined })).toEqual({
      status: 'degraded',
      reasons: ['no audience data is stored yet'],
    });
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { processAndStoreAudienceData } from '@/lib/ingest/processor';
import type { IngestDeps } from '@/lib/ingest/processor';
import { importTrack } from '@/lib/ingest/track-import';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { audienceRequests, billedCalls, startTestSoundcharts, testClient } from '@/test/soundcharts';
import { planRefetch, refetchCalls, runRefetch } from './refetch';
import type { Finding } from './series-findings';
import { findSeriesProblems } from './series-findings';

const TODAY = '2025-08-31';
const track = demoCatalogue({ trackCount: 1 })[0] as CatalogueTrack;
const finding = (overrides: Partial<Finding>): Finding => ({
  kind: 'gap',
  trackUuid: track.uuid,
  trackName: track.name,
  platformSlug: 'spotify',
  from: null,
  to: null,
  size: 1,
  ...overrides,
});

describe('refetch plan', () => {
  it('merges a pair\'s windows where one call reads both for fewer calls, keeps far ones apart, and skips what a fetch cannot mend', () => {
    const plan = planRefetch(
      [
        finding({ kind: 'falling', from: '2025-03-01', to: '2025-03-02' }),
        finding({ kind: 'falling', from: '2024-10-01', to: '2024-10-02' }),
        finding({ kind: 'flat', from: '2025-03-10', to: '2025-04-20' }),
        finding({ kind: 'gap', from: '2025-08-01', to: '2025-08-10' }),
        finding({ kind: 'gap', platformSlug: 'youtube', from: '2025-08-01', to: '2025-08-10' }),
        finding({ kind: 'future', from: '2025-09-01', to: '2025-09-03' }),
        finding({ kind: 'no_code', trackUuid: null, trackName: null }),
        finding({ kind: 'never_fetched', platformSlug: 'tiktok' }),
      ],
      { today: TODAY, historyDays: 365 },
    );
    expect(plan).toEqual([
      { trackUuid: track.uuid, platformSlug: 'spotify', startDate: '2024-10-01', endDate: '2024-10-02', calls: 1 },
      { trackUuid: track.uuid, platformSlug: 'spotify', startDate: '2025-03-01', endDate: '2025-04-20', calls: 1 },
      { trackUuid: track.uuid, platformSlug: 'spotify', startDate: '2025-08-01', endDate: '2025-08-10', calls: 1 },
      { trackUuid: track.uuid, platformSlug: 'youtube', startDate: '2025-08-01', endDate: '2025-08-10', calls: 1 },
      { trackUuid: track.uuid, platformSlug: 'tiktok', startDate: '2024-09-01', endDate: TODAY, calls: 4 },
    ]);
    expect(refetchCalls(plan)).toBe(8);
  });
});

describe.each(testDatabases())('refetch through the ingestion on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  const deps = (): IngestDeps => ({ db: handle.db, client: testClient(server), now: () => new Date(`${TODAY}T12:00:00Z`), historyDays: 365 });

  beforeAll(async () => {
    [handle, server] = await Promise.all([open(), startTestSoundcharts({ today: TODAY, catalogue: [track] })]);
    await importTrack(deps(), track.uuid);
    await processAndStoreAudienceData(deps(), track.uuid, 'spotify');
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });

  it('mends a total made to fall by fetching only its window again, spending the calls it announced', async () => {
    const [ids] = await handle.db
      .select({ trackId: tracks.id, platformId: platforms.id })
      .from(tracks)
      .innerJoin(platforms, eq(platforms.slug, 'spotify'))
      .where(eq(tracks.uuid, track.uuid));
    if (!ids) throw new Error('track not stored');
    const query = { flatDays: 10_000, gapDays: 10_000, expectedPlatformSlugs: [], limitPerKind: 100, now: new Date(`${TODAY}T12:00:00Z`) };
    const before = await findSeriesProblems(handle.db, query);
    const pair = and(eq(series.trackId, ids.trackId), eq(series.platformId, ids.platformId));
    const [day] = await handle.db.select({ date: series.date }).from(series).where(and(pair, sql`${series.date} = '2025-06-15'`));
    expect(day).toBeDefined();
    await handle.db.update(series).set({ audienceValue: 0 }).where(and(pair, eq(series.date, '2025-06-15')));

    const broken = await findSeriesProblems(handle.db, query);
    expect(broken.counts.falling).toBe(before.counts.falling + 1);
    const plan = planRefetch(broken.findings, { today: TODAY, historyDays: 365 });
    expect(plan).toContainEqual({ trackUuid: track.uuid, platformSlug: 'spotify', startDate: '2025-06-14', endDate: '2025-06-15', calls: 1 });

    server.requests.clear();
    const outcomes = await runRefetch(deps(), plan);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(plan.map(() => 'succeeded'));
    expect(billedCalls(server)).toBe(refetchCalls(plan));
    expect(audienceRequests(server).map((request) => [request.startDate, request.endDate])).toContainEqual(['2025-06-14', '2025-06-15']);
    expect((await findSeriesProblems(handle.db, query)).counts.falling).toBe(before.counts.falling);
  });
});

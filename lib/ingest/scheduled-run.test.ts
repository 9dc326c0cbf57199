import { inArray, sql } from 'drizzle-orm';
import { ingestPairState, tracks } from '@/db/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { billedCalls, startTestSoundcharts, testClient } from '@/test/soundcharts';
import type { IngestDeps } from './processor';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { runScheduledIngest } from './scheduled-run';
import { importTrack } from './track-import';

const catalogue = demoCatalogue({ trackCount: 3 });

describe.each(testDatabases())('scheduled ingest on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  let deps: IngestDeps;

  beforeAll(async () => {
    [handle, server] = await Promise.all([open(), startTestSoundcharts({ catalogue })]);
    deps = { db: handle.db, client: testClient(server), historyDays: 30 };
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate ingest_runs, ingest_pair_state, tracks restart identity cascade`);
    for (const track of catalogue) await importTrack(deps, track.uuid);
    server.faults.clear();
  });

  it('stops starting pairs when the budget is spent, and the next call resumes with the rest', async () => {
    server.faults.add({ kind: 'delay', ms: 400, path: '/audience/' });
    const options = { budgetMs: 200, concurrency: 1, defaultPlatformSlugs: ['spotify', 'youtube'] };
    const first = await runScheduledIngest(deps, options);
    expect(first).toMatchObject({ pairs: 8, succeeded: 1, notStarted: 7, more: true, failures: [] });

    const rest = await runScheduledIngest(deps, { ...options, budgetMs: 30_000 });
    expect(rest).toMatchObject({ pairs: 7, notStarted: 0, more: false });
    expect(rest.succeeded + rest.failed).toBe(7);
    expect(await runScheduledIngest(deps, options)).toMatchObject({ pairs: 0, more: false });
  });

  it('says more remain when it picked a full batch', async () => {
    const summary = await runScheduledIngest(deps, { budgetMs: 30_000, concurrency: 2, defaultPlatformSlugs: ['spotify'], batchLimit: 2 });
    expect(summary).toMatchObject({ pairs: 2, succeeded: 2, more: true });
  });

  it('spends 1 call per stale pair and none on fresh ones', async () => {
    const options = { budgetMs: 30_000, concurrency: 2, defaultPlatformSlugs: ['spotify'] };
    const yearly = { ...deps, historyDays: 365 };
    const first = await runScheduledIngest(yearly, options);
    expect(first).toMatchObject({ pairs: catalogue.length, succeeded: catalogue.length });

    server.requests.clear();
    expect(await runScheduledIngest(yearly, options)).toMatchObject({ pairs: 0 });
    expect(billedCalls(server)).toBe(0);

    // Two pairs last fetched 25 hours ago: due again, each from its last stored day minus the overlap.
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    const stale = handle.db.select({ id: tracks.id }).from(tracks).where(inArray(tracks.uuid, [catalogue[1]?.uuid ?? '', catalogue[2]?.uuid ?? '']));
    await handle.db.update(ingestPairState).set({ lastSucceededAt: dayAgo, lastAttemptAt: dayAgo }).where(inArray(ingestPairState.trackId, stale));
    const cycle = await runScheduledIngest(yearly, options);
    expect(cycle).toMatchObject({ pairs: 2, succeeded: 2, failed: 0 });
    expect(billedCalls(server)).toBe(2);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { audienceChanges, platforms, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { changesAfter, newestChangeId, trackChangesAfter } from './change-events';
import { CHANGES_KEPT_DAYS, pruneAudienceChanges } from './prune';
import { recordAudienceChanges } from './record-change';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabases())('the change log on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let one: number;
  let two: number;
  let spotify: number;

  beforeAll(async () => {
    handle = await open();
    [{ id: spotify }] = (await handle.db.select({ id: platforms.id }).from(platforms).where(sql`${platforms.slug} = 'spotify'`)) as [{ id: number }];
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate audience_changes, tracks restart identity cascade`);
    [{ id: one }, { id: two }] = (await handle.db
      .insert(tracks)
      .values([
        { uuid: '00000000-0000-1000-8000-000000000001', name: 'one' },
        { uuid: '00000000-0000-1000-8000-000000000002', name: 'two' },
      ])
      .returning({ id: tracks.id })) as [{ id: number }, { id: number }];
  });

  const record = (trackId: number, platformId?: number) => handle.db.transaction((tx) => recordAudienceChanges(tx, [{ trackId, platformId }]));
  const ageAll = (days: number) => handle.db.update(audienceChanges).set({ createdAt: new Date(Date.now() - days * DAY) });
  const version = async (trackId: number) =>
    ((await handle.db.select({ version: tracks.dataVersion }).from(tracks).where(sql`${tracks.id} = ${trackId}`)) as [{ version: number }])[0].version;

  it('reads every change after an id in order, with the platform slug', async () => {
    await record(one, spotify);
    await record(two);
    await record(one);
    expect(await newestChangeId(handle.db)).toBe(3);
    expect(await changesAfter(handle.db, 1, 10)).toEqual([
      { id: 2, trackId: two, platform: null, firstDate: null, lastDate: null },
      { id: 3, trackId: one, platform: null, firstDate: null, lastDate: null },
    ]);
    expect((await changesAfter(handle.db, 0, 1)).map((change) => change.platform)).toEqual(['spotify']);
  });

  it("replays a track's changes after the last one a page saw, and nothing to a page that is up to date", async () => {
    await record(one, spotify);
    await record(two);
    await record(one);
    const track = { trackId: one, version: await version(one) };
    expect(await trackChangesAfter(handle.db, track, 0)).toEqual({ reset: false, changes: [expect.objectContaining({ id: 1 }), expect.objectContaining({ id: 3 })] });
    expect(await trackChangesAfter(handle.db, track, 1)).toEqual({ reset: false, changes: [expect.objectContaining({ id: 3, trackId: one })] });
    expect(await trackChangesAfter(handle.db, track, 3)).toEqual({ reset: false, changes: [] });
  });

  it('prunes changes older than the window as a prefix, keeps the newest, and tells a page that missed pruned ones to reset', async () => {
    await record(one);
    await record(two);
    await record(one);
    await ageAll(CHANGES_KEPT_DAYS + 1);
    await record(two);
    expect(await pruneAudienceChanges(handle.db)).toBe(3);
    expect((await changesAfter(handle.db, 0, 10)).map((change) => change.id)).toEqual([4]);
    // Track one is still at version 3 although its changes are gone: a page at 3 has missed nothing.
    expect(await trackChangesAfter(handle.db, { trackId: one, version: await version(one) }, 3)).toEqual({ reset: false, changes: [] });
    expect(await trackChangesAfter(handle.db, { trackId: two, version: await version(two) }, 3)).toEqual({
      reset: false,
      changes: [expect.objectContaining({ id: 4 })],
    });
    expect(await trackChangesAfter(handle.db, { trackId: two, version: await version(two) }, 1)).toEqual({ reset: true });

    await ageAll(CHANGES_KEPT_DAYS + 1);
    expect(await pruneAudienceChanges(handle.db)).toBe(0);
    expect(await newestChangeId(handle.db)).toBe(4);
  });
});

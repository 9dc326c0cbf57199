import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { audienceChanges, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { AUDIENCE_CHANGES_CHANNEL } from './channel';
import { recordAudienceChanges } from './record-change';

describe.each(testDatabases())('recordAudienceChanges on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let trackIds: number[];

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate audience_changes, tracks restart identity cascade`);
    const rows = await handle.db
      .insert(tracks)
      .values([
        { uuid: '00000000-0000-1000-8000-000000000001', name: 'one' },
        { uuid: '00000000-0000-1000-8000-000000000002', name: 'two' },
      ])
      .returning({ id: tracks.id });
    trackIds = rows.map((row) => row.id);
  });

  const versions = async () =>
    (await handle.db.select({ id: tracks.id, version: tracks.dataVersion }).from(tracks).orderBy(tracks.id)).map((row) => row.version);

  it('writes one change per track, moves each track to its newest change and notifies at commit', async () => {
    const [one, two] = trackIds as [number, number];
    const heard: string[] = [];
    const unlisten = await handle.listen(AUDIENCE_CHANGES_CHANNEL, (payload) => heard.push(payload), () => {});
    try {
      const ids = await handle.db.transaction((tx) =>
        recordAudienceChanges(tx, [
          { trackId: one, platformId: 1, firstDate: '2025-01-01' },
          { trackId: two },
          { trackId: one, platformId: 2 },
        ]),
      );
      expect(ids).toEqual([1, 2, 3]);
      expect(await versions()).toEqual([3, 2]);
      expect(await handle.db.select().from(audienceChanges).where(eq(audienceChanges.id, 1))).toEqual([
        expect.objectContaining({ trackId: one, platformId: 1, firstDate: '2025-01-01', lastDate: null }),
      ]);
      await expect.poll(() => heard).toEqual(['3']);
    } finally {
      await unlisten();
    }
  });

  it('records more changes than one statement can carry (a prune of a whole catalogue): every one, each track at its newest', async () => {
    const [one, two] = trackIds as [number, number];
    const changes = Array.from({ length: 20_000 }, (_, index) => ({ trackId: index % 2 === 0 ? one : two, platformId: 1 + (index % 7) }));
    const ids = await handle.db.transaction((tx) => recordAudienceChanges(tx, changes));
    expect(ids).toHaveLength(20_000);
    expect(new Set(ids).size).toBe(20_000);
    expect(await versions()).toEqual([Math.max(...ids.filter((_, index) => index % 2 === 0)), Math.max(...ids.filter((_, index) => index % 2 === 1))]);
    const [{ count } = { count: 0 }] = await handle.db.select({ count: sql<number>`count(*)::int` }).from(audienceChanges);
    expect(count).toBe(20_000);
  });

  it('leaves no change, no version and no notification when the transaction rolls back', async () => {
    const heard: string[] = [];
    const unlisten = await handle.listen(AUDIENCE_CHANGES_CHANNEL, (payload) => heard.push(payload), () => {});
    try {
      await expect(
        handle.db.transaction(async (tx) => {
          await recordAudienceChanges(tx, [{ trackId: trackIds[0] as number }]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      // A notification sent after this one arrives after it: hearing it means the first was not sent.
      await handle.db.transaction((tx) => recordAudienceChanges(tx, [{ trackId: trackIds[1] as number }]));
      await expect.poll(() => heard.length).toBe(1);
      expect(await handle.db.select({ trackId: audienceChanges.trackId }).from(audienceChanges)).toEqual([{ trackId: trackIds[1] }]);
      expect(await versions()).toEqual([0, 2]);
    } finally {
      await unlisten();
    }
  });

  it('hands out ids in commit order: a writer that started later waits and gets the higher id', async () => {
    const [one, two] = trackIds as [number, number];
    let releaseFirst = (): void => {};
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstRecorded = (): void => {};
    const recorded = new Promise<void>((resolve) => (firstRecorded = resolve));
    const order: string[] = [];
    const first = handle.db.transaction(async (tx) => {
      const [id] = await recordAudienceChanges(tx, [{ trackId: one }]);
      firstRecorded();
      await firstHolds;
      order.push('first commits');
      return id;
    });
    await recorded;
    const second = handle.db.transaction(async (tx) => {
      const [id] = await recordAudienceChanges(tx, [{ trackId: two }]);
      order.push('second recorded');
      return id;
    });
    // The second writer is blocked on the change-order lock while the first holds it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual([]);
    releaseFirst();
    const [firstId, secondId] = await Promise.all([first, second]);
    expect(order).toEqual(['first commits', 'second recorded']);
    expect(secondId).toBeGreaterThan(firstId as number);
  });
});

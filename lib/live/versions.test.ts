import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { recordAudienceChanges } from './record-change';
import { advanceVersion, trackVersions, VERSION_TRUSTED_FOR_MS } from './versions';

describe.each(testDatabases())('track versions on $name', ({ name, open }) => {
  let handle: DatabaseHandle;
  let trackId: number;
  // Each database gets a uuid of its own: the version book is the process's.
  const uuid = name === 'pglite' ? '00000000-0000-1000-8000-00000000000a' : '00000000-0000-1000-8000-00000000000b';

  beforeAll(async () => {
    handle = await open();
    [{ id: trackId }] = (await handle.db.insert(tracks).values({ uuid, name: 'one' }).returning({ id: tracks.id })) as [{ id: number }];
  });
  afterAll(async () => {
    await handle?.close();
  });

  // Another process's write: the version moves in the database, this process is not told.
  const writeElsewhere = (version: number) => handle.db.execute(sql`update tracks set data_version = ${version} where id = ${trackId}`);

  it('trusts a version read less than the bound ago, and reads it again after', async () => {
    const start = Date.now();
    expect(await trackVersions(handle.db, [uuid, '00000000-0000-1000-8000-0000000000ff'], start)).toEqual(new Map([[uuid, { trackId, version: 0 }]]));
    await writeElsewhere(40);
    expect((await trackVersions(handle.db, [uuid], start + VERSION_TRUSTED_FOR_MS - 1)).get(uuid)?.version).toBe(0);
    expect((await trackVersions(handle.db, [uuid], start + VERSION_TRUSTED_FOR_MS)).get(uuid)?.version).toBe(40);
  });

  it("moves a version forward at once on the feed's word", async () => {
    const now = Date.now() + 2 * VERSION_TRUSTED_FOR_MS;
    expect((await trackVersions(handle.db, [uuid], now)).get(uuid)?.version).toBe(40);
    advanceVersion(trackId, 41);
    advanceVersion(trackId, 39);
    expect((await trackVersions(handle.db, [uuid], now + 1)).get(uuid)?.version).toBe(41);
  });

  it("shows this process's own committed write in its next read, within the trusted time", async () => {
    const now = Date.now() + 4 * VERSION_TRUSTED_FOR_MS;
    await writeElsewhere(0);
    expect((await trackVersions(handle.db, [uuid], now)).get(uuid)?.version).toBe(0);
    const [id] = await handle.db.transaction((tx) => recordAudienceChanges(tx, [{ trackId }]));
    expect((await trackVersions(handle.db, [uuid], now + 1)).get(uuid)?.version).toBe(id);
    // Seen: trusted to memory again.
    await writeElsewhere(1_000);
    expect((await trackVersions(handle.db, [uuid], now + 2)).get(uuid)?.version).toBe(id);
  });
});

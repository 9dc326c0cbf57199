import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { recordAudienceChanges } from './record-change';
import { advanceVersion, markFeedFresh, markFeedStarted, trackVersions, VERSION_TRUSTED_FOR_MS } from './versions';

// The version book is the process's and keyed by track id, as one process serves one database: each
// database here gets track ids and uuids of its own.
const databases = testDatabases().map((database, index) => ({ ...database, base: 1_000 * (index + 1) }));
const uuidOf = (id: number): string => `00000000-0000-1000-8000-${String(id).padStart(12, '0')}`;

describe.each(databases)('track versions on $name', ({ open, base }) => {
  let handle: DatabaseHandle;
  const trackId = base + 1;
  const uuid = uuidOf(trackId);

  beforeAll(async () => {
    handle = await open();
    await handle.db.insert(tracks).values({ id: trackId, uuid, name: 'one' });
  });
  afterAll(async () => {
    await handle?.close();
  });

  // Another process's write: the version moves in the database, this process is not told.
  const writeElsewhere = (version: number) => handle.db.execute(sql`update tracks set data_version = ${version} where id = ${trackId}`);
  const versionAt = async (now: number) => (await trackVersions(handle.db, [uuid], now)).get(uuid)?.version;
  const start = Date.now();

  it("shows this process's own committed write in its next read, within the trusted time", async () => {
    expect(await trackVersions(handle.db, [uuid, uuidOf(base + 999)], start)).toEqual(new Map([[uuid, { trackId, version: 0 }]]));
    const [id] = await handle.db.transaction((tx) => recordAudienceChanges(tx, [{ trackId }]));
    expect(await versionAt(start + 1)).toBe(id);
    // Seen: trusted to memory again.
    await writeElsewhere(1_000);
    expect(await versionAt(start + 2)).toBe(id);
  });

  it('trusts a version read less than the bound ago, and reads it again after', async () => {
    const later = start + 2 * VERSION_TRUSTED_FOR_MS;
    expect(await versionAt(later)).toBe(1_000);
    await writeElsewhere(1_040);
    expect(await versionAt(later + VERSION_TRUSTED_FOR_MS - 1)).toBe(1_000);
    expect(await versionAt(later + VERSION_TRUSTED_FOR_MS)).toBe(1_040);
  });

  it("moves a version forward at once on the feed's word", async () => {
    advanceVersion(trackId, 1_041);
    advanceVersion(trackId, 1_039);
    expect(await versionAt(start + 3 * VERSION_TRUSTED_FOR_MS + 1)).toBe(1_041);
  });
});

describe.each(databases)('track versions while the change feed keeps up, on $name', ({ open, base }) => {
  let handle: DatabaseHandle;
  const trackId = base + 2;
  const uuid = uuidOf(trackId);

  beforeAll(async () => {
    handle = await open();
    await handle.db.insert(tracks).values({ id: trackId, uuid, name: 'two' });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const versionAt = async (now: number) => (await trackVersions(handle.db, [uuid], now)).get(uuid)?.version;
  const start = Date.now() + 10 * VERSION_TRUSTED_FOR_MS;

  it('trusts a version read after the feed started for as long as the feed keeps reading, and no longer', async () => {
    markFeedStarted(start);
    expect(await versionAt(start)).toBe(0);
    await handle.db.execute(sql`update tracks set data_version = 5 where id = ${trackId}`);
    // The feed read every change up to a moment ago (and would have moved the version on a change).
    markFeedFresh(start + 3 * VERSION_TRUSTED_FOR_MS);
    expect(await versionAt(start + 3 * VERSION_TRUSTED_FOR_MS + 1)).toBe(0);
    // The feed stalled: the version is read again once the bound has passed.
    expect(await versionAt(start + 4 * VERSION_TRUSTED_FOR_MS)).toBe(5);
  });

  it('keeps a change the feed read while the version was being read from the database', async () => {
    advanceVersion(trackId, 9);
    expect(await versionAt(start + 20 * VERSION_TRUSTED_FOR_MS)).toBe(9);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tracks } from '@/db/schema';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { startTestSoundcharts, testClient } from '@/test/soundcharts';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { importTrack } from './track-import';

const catalogue = demoCatalogue({ trackCount: 2 });

describe.each(testDatabases())('track import on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  const deps = () => ({ db: handle.db, client: testClient(server), now: () => new Date('2025-08-31T12:00:00Z') });

  beforeAll(async () => {
    [handle, server] = await Promise.all([open(), startTestSoundcharts({ catalogue })]);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate tracks restart identity cascade`);
  });

  it('imports a song by uuid with its SoundCharts metadata, then reports it as already there', async () => {
    const first = await importTrack(deps(), BAD_GUY_UUID.toUpperCase());
    expect(first.created).toBe(true);
    expect(first.track).toMatchObject({
      uuid: BAD_GUY_UUID,
      name: 'bad guy',
      creditName: 'Billie Eilish',
      isrc: 'USUM71900764',
      releaseDate: '2019-03-29',
      imageUrl: `${server.url}/images/${BAD_GUY_UUID}.svg`,
      audienceFetchedAt: null,
    });
    const again = await importTrack(deps(), BAD_GUY_UUID);
    expect(again).toEqual({ created: false, track: first.track });
    expect(await handle.db.select().from(tracks)).toHaveLength(1);
  });

  it('refreshes the metadata of a track already there', async () => {
    await importTrack(deps(), BAD_GUY_UUID);
    await handle.db.update(tracks).set({ name: 'old name', imageUrl: null }).where(eq(tracks.uuid, BAD_GUY_UUID));
    const refreshed = await importTrack(deps(), BAD_GUY_UUID);
    expect(refreshed.created).toBe(false);
    expect(refreshed.track).toMatchObject({ name: 'bad guy', imageUrl: `${server.url}/images/${BAD_GUY_UUID}.svg` });
  });

  it('says an unknown uuid is not found on SoundCharts and stores nothing', async () => {
    const unknown = '00000000-1111-1222-8333-444444444444';
    await expect(importTrack(deps(), unknown)).rejects.toMatchObject({
      code: 'not_found',
      message: `Song ${unknown} not found on SoundCharts`,
    });
    await expect(importTrack(deps(), 'not-a-uuid')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await handle.db.select().from(tracks)).toEqual([]);
    expect(catalogue.some((track) => track.uuid === unknown)).toBe(false);
  });
});
